ALTER TABLE "sign_in_challenges" ADD COLUMN "provider" text;--> statement-breakpoint
ALTER TABLE "sign_in_challenges" ADD COLUMN "way_in_trust_start" timestamp with time zone;