ALTER TABLE "customers" ADD COLUMN "notify_new_work" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "notify_assignments" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "notify_customer_replies" boolean DEFAULT true NOT NULL;