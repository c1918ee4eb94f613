CREATE TABLE "canned_replies" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"locale" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
ALTER TABLE "support_case_events" DROP CONSTRAINT "support_case_events_staff_only";--> statement-breakpoint
ALTER TABLE "support_case_events" ADD COLUMN "from_priority" text;--> statement-breakpoint
ALTER TABLE "support_case_events" ADD COLUMN "to_priority" text;--> statement-breakpoint
ALTER TABLE "canned_replies" ADD CONSTRAINT "canned_replies_updated_by_customers_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."customers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "canned_replies_title_key" ON "canned_replies" USING btree ("locale",lower("title"));--> statement-breakpoint
ALTER TABLE "support_case_events" ADD CONSTRAINT "support_case_events_staff_only" CHECK ("support_case_events"."kind" not in ('note', 'assignment', 'priority') or "support_case_events"."internal");