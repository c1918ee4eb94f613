CREATE TABLE "jobs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"payload" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"run_after" timestamp with time zone DEFAULT now() NOT NULL,
	"locked_until" timestamp with time zone,
	"locked_by" text,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"customer_id" uuid NOT NULL,
	"remember" boolean NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"ip" text,
	"user_agent" text
);
--> statement-breakpoint
-- Requests waiting when the portal is upgraded become jobs, so none is lost.
INSERT INTO "jobs" ("kind", "payload", "run_after")
  SELECT 'password-reset.request', jsonb_build_object('email', "email", 'ip', "ip", 'userAgent', "user_agent"), "requested_at"
  FROM "password_reset_requests";--> statement-breakpoint
ALTER TABLE "password_reset_requests" DISABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "revoked_sessions" DISABLE ROW LEVEL SECURITY;--> statement-breakpoint
DROP TABLE "password_reset_requests" CASCADE;--> statement-breakpoint
DROP TABLE "revoked_sessions" CASCADE;--> statement-breakpoint
-- Mail already in the outbox gets a Message-ID and a day from its creation to be delivered.
ALTER TABLE "outbox" ADD COLUMN "message_id" text;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "deliver_until" timestamp with time zone;--> statement-breakpoint
UPDATE "outbox" SET "message_id" = '<outbox-' || "id" || '@portal.invalid>', "deliver_until" = "created_at" + interval '1 day';--> statement-breakpoint
ALTER TABLE "outbox" ALTER COLUMN "message_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "outbox" ALTER COLUMN "deliver_until" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "supersede_key" text;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "locked_by" text;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "jobs_due_idx" ON "jobs" USING btree ("status","run_after");--> statement-breakpoint
CREATE INDEX "sessions_customer_idx" ON "sessions" USING btree ("customer_id","expires_at");--> statement-breakpoint
CREATE INDEX "outbox_supersede_idx" ON "outbox" USING btree ("supersede_key");
