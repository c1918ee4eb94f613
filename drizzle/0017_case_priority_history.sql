ALTER TABLE "support_case_events" DROP CONSTRAINT "support_case_events_staff_only";--> statement-breakpoint
ALTER TABLE "support_case_events" ADD COLUMN "from_priority" text;--> statement-breakpoint
ALTER TABLE "support_case_events" ADD COLUMN "to_priority" text;--> statement-breakpoint
ALTER TABLE "support_case_events" ADD CONSTRAINT "support_case_events_staff_only" CHECK ("support_case_events"."kind" not in ('note', 'assignment', 'priority') or "support_case_events"."internal");