import http from "node:http";

/**
 * Submits a page's form the way a browser without JavaScript does — the hidden fields React
 * renders for a server action, plus the visible ones — so tests can send crafted requests
 * (repeated fields, forged Host headers) and read the raw response.
 */
export type FormResponse = { status: number; headers: Headers; body: string; location: string | null; setCookies: string[] };

function decodeEntities(value: string) {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

export async function hiddenFields(baseUrl: string, path: string, formId: string, cookie = ""): Promise<Array<[string, string]>> {
  const html = await (await fetch(`${baseUrl}${path}`, { headers: { cookie } })).text();
  const start = html.indexOf(`id="${formId}"`);
  if (start < 0) throw new Error(`no form #${formId} on ${path}`);
  const form = html.slice(start, html.indexOf("</form>", start));
  return [...form.matchAll(/<input type="hidden"([^>]*)>/g)].map(([, attributes]) => {
    const name = /name="([^"]*)"/.exec(attributes)?.[1] ?? "";
    const value = /value="([^"]*)"/.exec(attributes)?.[1] ?? "";
    return [decodeEntities(name), decodeEntities(value)];
  });
}

export async function postForm(
  baseUrl: string,
  path: string,
  formId: string,
  fields: Array<[string, string]>,
  options: { headers?: Record<string, string>; cookie?: string } = {},
): Promise<FormResponse> {
  const body = new FormData();
  for (const [name, value] of await hiddenFields(baseUrl, path, formId, options.cookie)) body.append(name, value);
  for (const [name, value] of fields) body.append(name, value);
  const headers: Record<string, string> = { origin: baseUrl, cookie: options.cookie ?? "", ...options.headers };
  // Note: fetch() will not send a forged Host header; a raw HTTP request will, as an attacker's would.
  const response = headers.host ? await rawPost(`${baseUrl}${path}`, body, headers) : await fetch(`${baseUrl}${path}`, { method: "POST", body, redirect: "manual", headers });
  return {
    status: response.status,
    headers: response.headers,
    body: await response.text(),
    location: response.headers.get("location"),
    setCookies: response.headers.getSetCookie(),
  };
}

async function rawPost(url: string, form: FormData, headers: Record<string, string>): Promise<Response> {
  const encoded = new Response(form);
  const payload = Buffer.from(await encoded.arrayBuffer());
  return new Promise((resolve, reject) => {
    const request = http.request(url, {
      method: "POST",
      headers: { ...headers, "content-type": encoded.headers.get("content-type")!, "content-length": String(payload.length) },
    });
    request.on("response", (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
      incoming.on("end", () => {
        const responseHeaders = new Headers();
        for (const [name, value] of Object.entries(incoming.headers)) {
          for (const item of Array.isArray(value) ? value : [value ?? ""]) responseHeaders.append(name, item);
        }
        resolve(new Response(incoming.statusCode === 204 ? null : Buffer.concat(chunks), { status: incoming.statusCode, headers: responseHeaders }));
      });
    });
    request.on("error", reject);
    request.end(payload);
  });
}

/** The cookie header a browser would send back after these Set-Cookie headers. */
export function cookieHeader(setCookies: string[]): string {
  return setCookies
    .map((cookie) => cookie.split(";")[0])
    .filter((pair) => !pair.endsWith("="))
    .join("; ");
}
