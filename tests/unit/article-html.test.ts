import { articleHtml } from "@/lib/support/article-html";

describe("Knowledge Base HTML is sanitised (issue 11)", () => {
  it.each([
    ["a script", "<script>alert(1)</script>", /<script/i],
    ["an event handler", '<img src="/x.png" onerror="alert(1)">', /onerror/i],
    ["a javascript: link", "[click](javascript:alert(1))", /javascript:/i],
    ["a data: link", '<a href="data:text/html,<script>alert(1)</script>">x</a>', /data:/i],
    ["a meta refresh", '<meta http-equiv="refresh" content="0;url=https://evil.test">', /<meta|refresh/i],
    ["an iframe", '<iframe src="https://evil.test"></iframe>', /<iframe/i],
    ["a form", '<form action="https://evil.test"><input name="password"></form>', /<form|<input/i],
    ["a style", "<style>body{display:none}</style>", /<style|display:none/i],
    ["an image from elsewhere", "![x](https://evil.test/track.png)", /evil\.test/],
    ["a protocol-relative image", '<img src="//evil.test/x.png">', /evil\.test/],
  ])("removes %s", (_what, markdown, forbidden) => {
    expect(articleHtml(markdown)).not.toMatch(forbidden);
  });

  it("keeps headings, lists, code, tables, http(s) and mailto links, and the portal's own images", () => {
    const html = articleHtml(
      "## Steps\n\n1. One\n2. Two\n\n`code`\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[Help](https://example.com/help) [Mail](mailto:help@example.com) [Here](/contact)\n\n![Logo](/icon.svg)",
    );
    expect(html).toContain("<h2>Steps</h2>");
    expect(html).toContain("<ol>");
    expect(html).toContain("<code>code</code>");
    expect(html).toContain("<table>");
    expect(html).toContain('href="https://example.com/help" rel="noopener noreferrer"');
    expect(html).toContain('href="mailto:help@example.com"');
    expect(html).toContain('href="/contact"');
    expect(html).toContain('<img src="/icon.svg" alt="Logo"');
  });

  it("turns a Markdown title into a second-level heading under the page's own", () => {
    expect(articleHtml("# Title").trim()).toBe("<h2>Title</h2>");
  });
});
