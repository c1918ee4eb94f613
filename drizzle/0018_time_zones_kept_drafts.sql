CREATE TABLE "kept_drafts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"browser_hash" text NOT NULL,
	"customer_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"case_id" integer,
	"sealed" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "time_zone" text;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "browser_time_zone" text;--> statement-breakpoint
ALTER TABLE "kept_drafts" ADD CONSTRAINT "kept_drafts_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "kept_drafts_browser_idx" ON "kept_drafts" USING btree ("browser_hash");--> statement-breakpoint
CREATE INDEX "kept_drafts_customer_idx" ON "kept_drafts" USING btree ("customer_id");