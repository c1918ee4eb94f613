-- Issue 31: what drizzle-kit cannot express. Both extensions are "trusted" (PostgreSQL 13+), so the
-- database's owner may create them; PGlite loads its builds of them (lib/db/index.ts).
CREATE EXTENSION IF NOT EXISTS unaccent;--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
-- English and Spanish stemming with accents ignored: "contrasena" finds "contraseña". Named by
-- textSearchConfiguration() in lib/knowledge-base/search-config.ts.
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'portal_english') THEN
    CREATE TEXT SEARCH CONFIGURATION portal_english (COPY = english);
    ALTER TEXT SEARCH CONFIGURATION portal_english ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'portal_spanish') THEN
    CREATE TEXT SEARCH CONFIGURATION portal_spanish (COPY = spanish);
    ALTER TEXT SEARCH CONFIGURATION portal_spanish ALTER MAPPING FOR hword, hword_part, word WITH unaccent, spanish_stem;
  END IF;
END $$;--> statement-breakpoint
-- Until now the table was a copy of content/knowledge-base/, made at every start. Articles are now
-- data with versions; an empty table is seeded from those files at the next start (the import keeps
-- every slug, so every URL), which the new columns need (group_id has no default).
DELETE FROM kb_articles;
