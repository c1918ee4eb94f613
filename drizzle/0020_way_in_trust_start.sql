ALTER TABLE "accounts" ADD COLUMN "trust_start" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "passkeys" ADD COLUMN "trust_start" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "trust_start" timestamp with time zone;