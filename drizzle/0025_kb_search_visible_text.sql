-- Search reads the text an article's page shows (plain_text), no longer its Markdown, where an HTML
-- comment or a <style> readers never see could hold words that then found the article. An article's
-- plain_text written by an earlier plainText (text_version 0) is written again by the background work
-- (lib/knowledge-base/article-text.ts), which then rebuilds kb_words. The index went with the column.
ALTER TABLE "kb_articles" drop column "search";--> statement-breakpoint
ALTER TABLE "kb_articles" ADD COLUMN "search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector("kb_articles"."search_config", "kb_articles"."title"), 'A') || setweight(to_tsvector("kb_articles"."search_config", "kb_articles"."summary"), 'B') || setweight(to_tsvector("kb_articles"."search_config", "kb_articles"."plain_text"), 'C')) STORED NOT NULL;--> statement-breakpoint
CREATE INDEX "kb_articles_search_idx" ON "kb_articles" USING gin ("search");--> statement-breakpoint
ALTER TABLE "kb_articles" ADD COLUMN "text_version" integer DEFAULT 0 NOT NULL;
