ALTER TABLE "customers" ADD COLUMN "phone" text;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "mfa_email_code_required" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "dataverse_contact_id" uuid;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "imported_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "imported_values" jsonb;--> statement-breakpoint
CREATE UNIQUE INDEX "customers_dataverse_contact_key" ON "customers" USING btree ("dataverse_contact_id");