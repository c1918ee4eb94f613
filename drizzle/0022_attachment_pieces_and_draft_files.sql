ALTER TABLE "attachment_blobs" ADD COLUMN "part" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "attachment_blobs" DROP CONSTRAINT "attachment_blobs_pkey";--> statement-breakpoint
ALTER TABLE "attachment_blobs" ADD CONSTRAINT "attachment_blobs_key_part_pk" PRIMARY KEY("key","part");--> statement-breakpoint
ALTER TABLE "case_attachments" ADD COLUMN "kept_draft_id" bigint;--> statement-breakpoint
ALTER TABLE "case_attachments" ADD CONSTRAINT "case_attachments_kept_draft_id_kept_drafts_id_fk" FOREIGN KEY ("kept_draft_id") REFERENCES "public"."kept_drafts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_attachments_kept_draft_idx" ON "case_attachments" USING btree ("kept_draft_id");
