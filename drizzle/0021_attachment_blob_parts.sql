ALTER TABLE "attachment_blobs" ADD COLUMN "part" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "attachment_blobs" DROP CONSTRAINT "attachment_blobs_pkey";--> statement-breakpoint
ALTER TABLE "attachment_blobs" ADD CONSTRAINT "attachment_blobs_key_part_pk" PRIMARY KEY("key","part");
