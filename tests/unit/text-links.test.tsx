import { renderToStaticMarkup } from "react-dom/server";
import { LinkedText } from "@/components/linked-text";
import { textParts } from "@/lib/support/text-links";

/** Issue 15: what someone typed is shown as text; only http(s) and mailto addresses become links. */
describe("text with links", () => {
  it("finds web and mail addresses and leaves the rest as text", () => {
    expect(textParts("See https://example.test/a?b=1 or write to mailto:help@example.test.")).toEqual([
      { kind: "text", text: "See " },
      { kind: "link", text: "https://example.test/a?b=1", href: "https://example.test/a?b=1" },
      { kind: "text", text: " or write to " },
      { kind: "link", text: "mailto:help@example.test", href: "mailto:help@example.test" },
      { kind: "text", text: "." },
    ]);
  });

  it("leaves sentence punctuation and unbalanced brackets outside the link", () => {
    expect(textParts("(see https://example.test/page).").filter((part) => part.kind === "link")).toEqual([
      { kind: "link", text: "https://example.test/page", href: "https://example.test/page" },
    ]);
    expect(textParts("https://en.example.test/wiki/Meter_(device), ok").filter((part) => part.kind === "link")[0].text).toBe("https://en.example.test/wiki/Meter_(device)");
  });

  it.each(["javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "vbscript:msgbox", "file:///etc/passwd", "http://", "mailto:nobody"])("never makes a link of %s", (text) => {
    expect(textParts(`Click ${text} now`).every((part) => part.kind === "text")).toBe(true);
  });

  it("renders HTML as text, keeps line breaks, and gives links no opener or referrer", () => {
    const html = renderToStaticMarkup(<LinkedText text={'<img src=x onerror="alert(1)">\nline two https://example.test/"onmouseover="x'} />);
    expect(html).not.toContain("<img");
    expect(html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;\nline two ");
    expect(html).toContain('class="whitespace-pre-wrap');
    expect(html).toContain('<a href="https://example.test/" rel="noopener noreferrer">https://example.test/</a>');
    expect(html).not.toContain("onmouseover=\"x\"");
  });
});
