/**
 * The Knowledge Base's search at size (issue 31): 5,000 published articles, half English, half
 * Spanish, written from a shared vocabulary so common words match thousands of articles and rare
 * ones a few; then the search page's latency for a common word, a rare word, two words, and a
 * misspelt word (which takes the "did you mean" path).
 */
import { lt, sql } from "drizzle-orm";
import { db } from "@/lib/db";
import { kbArticles, kbWords } from "@/lib/db/schema";
import { plainText, wordsOf } from "@/lib/knowledge-base/plain-text";
import { textSearchConfiguration } from "@/lib/knowledge-base/search-config";
import { median, percentile } from "./statistics";
import { startPortal, type Portal } from "../tests/e2e/support/portal-server";
import { whileRunning } from "./entry-point";

export const BENCH_ARTICLES = 5_000;

const english = "account sign password reset browser session email address phone case reply status team knowledge article search answer question request document order payment delivery schedule notice setting profile language security code device".split(" ");
const spanish = "cuenta sesión contraseña restablecer navegador correo dirección teléfono caso respuesta estado equipo artículo búsqueda pregunta solicitud documento pedido pago entrega horario aviso ajuste perfil idioma seguridad código dispositivo facturación".split(" ");

// A small deterministic generator, so every run searches the same articles.
function generator(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

/** Inserts the articles as published (the seed callback of startPortal, before the server starts). */
export async function seedBenchArticles(count = BENCH_ARTICLES) {
  const random = generator(31);
  const database = await db();
  const words = new Set<string>();
  const batch = 250;
  for (let start = 0; start < count; start += batch) {
    const rows = Array.from({ length: Math.min(batch, count - start) }, (_, offset) => {
      const i = start + offset;
      const locale = i % 2 === 0 ? "en" : "es";
      const vocabulary = locale === "en" ? english : spanish;
      const pick = () => vocabulary[Math.floor(random() * vocabulary.length)];
      // Every 500th article has a rare word, so a rare query finds five in its language.
      const rare = i % 500 === 0 ? (locale === "en" ? " tangerine" : " mandarina") : "";
      const sentence = () => `${pick()} ${pick()} ${pick()} ${pick()} ${pick()} ${pick()}.`;
      const body = `## ${pick()} ${pick()}\n\n${Array.from({ length: 30 }, sentence).join(" ")}${rare}\n\n- **${pick()}** ${pick()}\n- ${pick()} ${pick()}`;
      const title = `${pick()} ${pick()} ${pick()} ${i}`;
      const summary = sentence();
      const text = plainText(body);
      for (const word of wordsOf(`${title} ${summary} ${text}`)) words.add(word);
      // A placeholder unique per article (the group is the article's own id, set below).
      return { groupId: -(i + 1), locale, slug: `bench-${i}`, title, category: "Bench", summary, body, plainText: text, status: "published" as const, latestVersion: 1, publishedVersion: 1, searchConfig: textSearchConfiguration(locale) };
    });
    await database.insert(kbArticles).values(rows);
  }
  await database.update(kbArticles).set({ groupId: sql`${kbArticles.id}` }).where(lt(kbArticles.groupId, 0));
  const list = [...words];
  for (let start = 0; start < list.length; start += 1000) await database.insert(kbWords).values(list.slice(start, start + 1000).map((word) => ({ word }))).onConflictDoNothing();
}

const QUERIES = { common: "password", rare: "tangerine", twoWords: "reset password", misspelt: "tangerin" } as const;

/** The search page's latency per kind of query (sequential requests, after a warm-up). */
async function searchLatency(portal: Portal, requests = 100) {
  const load = async (query: string) => {
    const started = performance.now();
    const page = await fetch(`${portal.baseUrl}/search?q=${encodeURIComponent(query)}`, { headers: { "accept-language": "en" } });
    if (page.status !== 200) throw new Error(`/search answered ${page.status}`);
    const html = await page.text();
    if (!html.includes("<mark")) throw new Error(`/search?q=${query} marked nothing`);
    return performance.now() - started;
  };
  for (const query of Object.values(QUERIES)) for (let i = 0; i < 5; i += 1) await load(query);
  const result: Record<string, { p50: number; p95: number }> = {};
  for (const [kind, query] of Object.entries(QUERIES)) {
    const times: number[] = [];
    for (let i = 0; i < requests; i += 1) times.push(await load(query));
    result[kind] = { p50: median(times), p95: percentile(times, 95) };
  }
  return result as Record<keyof typeof QUERIES, { p50: number; p95: number }>;
}

/**
 * Its own portal on its own fresh database, so the 5,000 articles do not weigh on the other
 * measures (the Knowledge Base page of the session-check row lists every article).
 */
export async function knowledgeBaseSearchBench(runs: number) {
  return whileRunning(startPortal([], { RATE_LIMIT_SCALE: "100000" }, { seed: () => seedBenchArticles() }), async (portal) => {
    const results: Array<Awaited<ReturnType<typeof searchLatency>>> = [];
    for (let run = 0; run < runs; run += 1) results.push(await searchLatency(portal));
    return { articles: BENCH_ARTICLES, runs: results };
  });
}
