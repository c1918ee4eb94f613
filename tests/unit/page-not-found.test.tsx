import http from "node:http";
import type { AddressInfo } from "node:net";
import { notFound, redirect } from "next/navigation";
import { pageNotFoundAt, withPageNotFound } from "@/lib/http/page-not-found";
import { requestContexts, type RequestContext } from "@/lib/log";
import preload from "@/server/preload.cjs";

/**
 * A page's own notFound() drawn as the portal's "Page not found" with 404 (the e2e test
 * page-not-found.test.ts checks it in Chromium without JavaScript): the page's part and the
 * preload's part.
 */
describe("withPageNotFound", () => {
  const page = withPageNotFound(async ({ found }: { found: "yes" | "no" | "moved" }) => {
    if (found === "no") notFound();
    if (found === "moved") redirect("/elsewhere");
    return "the page";
  });

  it("draws the not-found page and asks the request for 404 when the page calls notFound()", async () => {
    const context: RequestContext = { requestId: "r1" };
    const drawn = await requestContexts().run(context, () => page({ found: "no" }));
    expect(drawn).not.toBe("the page");
    expect(context.status).toBe(404);
  });

  it("leaves a page that found something, and a redirect, as they are", async () => {
    const context: RequestContext = { requestId: "r2" };
    expect(await requestContexts().run(context, () => page({ found: "yes" }))).toBe("the page");
    await expect(requestContexts().run(context, () => page({ found: "moved" }))).rejects.toMatchObject({ digest: expect.stringMatching(/^NEXT_REDIRECT;/) });
    expect(context.status).toBeUndefined();
  });

  it("leaves Next.js's own 404 where no preload would set the status", async () => {
    await expect(page({ found: "no" })).rejects.toMatchObject({ digest: "NEXT_HTTP_ERROR_FALLBACK;404" });
  });
});

describe("pageNotFoundAt", () => {
  function whereTo(address: string): string {
    try {
      pageNotFoundAt(address);
    } catch (error) {
      const digest = String((error as { digest?: unknown }).digest ?? "");
      if (digest.startsWith("NEXT_REDIRECT;")) return digest.split(";")[2];
      throw error;
    }
    throw new Error("pageNotFoundAt returned");
  }

  it("sends the browser to a path on the portal", () => {
    expect(whereTo("/support/cases/12")).toBe("/support/cases/12");
    expect(whereTo("/support/cases/0?from=reply")).toBe("/support/cases/0?from=reply");
  });

  it("sends anything else home, never to another site (S36)", () => {
    for (const address of ["https://evil.example/", "//evil.example/", "/\\evil.example/", "/support\\cases", "evil.example", "", "/\t/evil.example", "/support/cases/1\r\nSet-Cookie: x=1", "javascript:alert(1)"]) {
      expect(whereTo(address)).toBe("/");
    }
  });
});

describe("the preload's page status", () => {
  it("answers the page's status instead of 200, and never overrides another status", async () => {
    const server = http.createServer((request, response) => {
      const context = { status: request.url === "/plain" ? undefined : 404 };
      preload.answerPageStatus(response, context);
      if (request.url === "/redirect") {
        response.writeHead(307, { location: "/elsewhere" });
        response.end();
        return;
      }
      // As Next.js does: the status set, then the head written with the first chunk.
      response.statusCode = 200;
      response.end("page");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const statuses = await Promise.all(["/missing", "/plain", "/redirect"].map(async (path) => (await fetch(`${base}${path}`, { redirect: "manual" })).status));
      expect(statuses).toEqual([404, 200, 307]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
