-- The Knowledge Base table is a copy of content/knowledge-base/ (re-read at every start-up), so it
-- is made again with a language per article and that language's text-search configuration.
DROP TABLE "kb_articles";--> statement-breakpoint
CREATE TABLE "kb_articles" (
	"locale" text NOT NULL,
	"slug" text NOT NULL,
	"title" text NOT NULL,
	"category" text NOT NULL,
	"summary" text NOT NULL,
	"body" text NOT NULL,
	"views" integer DEFAULT 0 NOT NULL,
	"search_config" "regconfig" NOT NULL,
	"search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector("kb_articles"."search_config", "kb_articles"."title"), 'A') || setweight(to_tsvector("kb_articles"."search_config", "kb_articles"."summary"), 'B') || setweight(to_tsvector("kb_articles"."search_config", "kb_articles"."body"), 'C')) STORED NOT NULL,
	CONSTRAINT "kb_articles_locale_slug_pk" PRIMARY KEY("locale","slug")
);--> statement-breakpoint
CREATE INDEX "kb_articles_search_idx" ON "kb_articles" USING gin ("search");--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "locale" text;--> statement-breakpoint
-- Case events the portal words itself are marked, so each reader sees them in their language.
ALTER TABLE "support_case_events" ADD COLUMN "kind" text DEFAULT 'note' NOT NULL;--> statement-breakpoint
ALTER TABLE "support_case_events" ALTER COLUMN "text" DROP NOT NULL;--> statement-breakpoint
UPDATE "support_case_events" SET "kind" = 'created', "text" = NULL WHERE "text" = 'Case created. We will answer within two working days.';
