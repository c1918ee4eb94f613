-- Issue 27: cases from before priorities and due times. The team's first reply is in the history;
-- a customer already waiting gets a due time of two calendar days after they started waiting
-- (working hours cannot be counted in SQL; new waits are counted in SUPPORT_HOURS by the portal).
UPDATE "support_cases" AS c
SET "first_response_at" = (
  SELECT min(e."at") FROM "support_case_events" AS e
  WHERE e."case_id" = c."id" AND e."kind" = 'reply' AND e."by_staff"
);
--> statement-breakpoint
UPDATE "support_cases"
SET "due_at" = "customer_waiting_since" + interval '2 days'
WHERE "customer_waiting_since" IS NOT NULL AND "status" <> 'closed';
