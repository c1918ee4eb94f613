CREATE TABLE "contact_replies" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"message_id" bigint NOT NULL,
	"author_id" uuid,
	"text" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "support_case_events" ALTER COLUMN "kind" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "actor_id" uuid;--> statement-breakpoint
ALTER TABLE "contact_messages" ADD COLUMN "locale" text;--> statement-breakpoint
ALTER TABLE "contact_messages" ADD COLUMN "handled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "contact_messages" ADD COLUMN "handled_by" uuid;--> statement-breakpoint
ALTER TABLE "contact_messages" ADD COLUMN "case_id" bigint;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "role" text DEFAULT 'customer' NOT NULL;--> statement-breakpoint
ALTER TABLE "support_case_events" ADD COLUMN "author_id" uuid;--> statement-breakpoint
ALTER TABLE "support_case_events" ADD COLUMN "by_staff" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "support_case_events" ADD COLUMN "internal" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "support_case_events" ADD COLUMN "from_status" text;--> statement-breakpoint
ALTER TABLE "support_case_events" ADD COLUMN "to_status" text;--> statement-breakpoint
ALTER TABLE "support_case_events" ADD COLUMN "assigned_to" uuid;--> statement-breakpoint
ALTER TABLE "support_cases" ADD COLUMN "assigned_to" uuid;--> statement-breakpoint
ALTER TABLE "support_cases" ADD COLUMN "customer_waiting_since" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "support_cases" ADD COLUMN "last_activity_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
-- Existing cases: their last activity is their last update, and a case nobody has answered yet
-- (open or in progress; replies did not exist) has its customer waiting since it was created.
UPDATE "support_cases" SET "last_activity_at" = "updated_at", "customer_waiting_since" = CASE WHEN "status" IN ('open', 'in progress') THEN "created_at" END;--> statement-breakpoint
-- A "note" used to be text the customer saw under History; notes are now the support team's own,
-- so the old ones stay visible as replies from the company.
UPDATE "support_case_events" SET "kind" = 'reply', "by_staff" = true WHERE "kind" = 'note';--> statement-breakpoint
-- Messages received before the inbox existed were forwarded to the support mailbox and worked
-- there: they start out handled, so the inbox opens on what is new.
UPDATE "contact_messages" SET "handled_at" = now();--> statement-breakpoint
ALTER TABLE "contact_replies" ADD CONSTRAINT "contact_replies_message_id_contact_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."contact_messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_replies" ADD CONSTRAINT "contact_replies_author_id_customers_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."customers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "contact_replies_message_idx" ON "contact_replies" USING btree ("message_id","at");--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_actor_id_customers_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."customers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_messages" ADD CONSTRAINT "contact_messages_handled_by_customers_id_fk" FOREIGN KEY ("handled_by") REFERENCES "public"."customers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_messages" ADD CONSTRAINT "contact_messages_case_id_support_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."support_cases"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_case_events" ADD CONSTRAINT "support_case_events_author_id_customers_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."customers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_case_events" ADD CONSTRAINT "support_case_events_assigned_to_customers_id_fk" FOREIGN KEY ("assigned_to") REFERENCES "public"."customers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_cases" ADD CONSTRAINT "support_cases_assigned_to_customers_id_fk" FOREIGN KEY ("assigned_to") REFERENCES "public"."customers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_log_actor_idx" ON "audit_log" USING btree ("actor_id","at");--> statement-breakpoint
CREATE INDEX "contact_messages_inbox_idx" ON "contact_messages" USING btree ("handled_at","created_at");--> statement-breakpoint
CREATE INDEX "customers_staff_idx" ON "customers" USING btree ("role") WHERE "customers"."role" <> 'customer';--> statement-breakpoint
CREATE INDEX "support_cases_activity_idx" ON "support_cases" USING btree ("last_activity_at","id");--> statement-breakpoint
CREATE INDEX "support_cases_assigned_idx" ON "support_cases" USING btree ("assigned_to","last_activity_at");--> statement-breakpoint
ALTER TABLE "support_case_events" ADD CONSTRAINT "support_case_events_staff_only" CHECK ("support_case_events"."kind" not in ('note', 'assignment') or "support_case_events"."internal");