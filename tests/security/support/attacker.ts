import { cookieHeader, hiddenFields, postForm } from "../../e2e/support/form-post";

/**
 * What an attacker needs to talk to the portal's server actions directly: the action ids its pages
 * carry, a signed-in cookie, and raw requests with any body.
 */
export type Action = { page: string; formId: string; id: string; fields: string[] };

/** Every form on a page that posts to a server action, with its action id and its field names. */
export async function actionsOn(baseUrl: string, page: string, cookie = ""): Promise<Action[]> {
  const html = await (await fetch(`${baseUrl}${page}`, { headers: { cookie } })).text();
  const forms = [...html.matchAll(/<form([^>]*)>([\s\S]*?)<\/form>/g)];
  const actions: Action[] = [];
  for (const [, attributes, body] of forms) {
    // A plain <form action={fn}> names its action in a field; a useActionState form in the value of
    // "$ACTION_1:0" ({"id":"…","bound":…}).
    const id = /name="\$ACTION_ID_([0-9a-f]+)"/.exec(body)?.[1] ?? /name="\$ACTION_\d+:0" value="\{&quot;id&quot;:&quot;([0-9a-f]+)&quot;/.exec(body)?.[1];
    const formId = /id="([^"]+)"/.exec(attributes)?.[1] ?? "";
    const fields = [...body.matchAll(/name="([^"$][^"]*)"/g)].map(([, name]) => name);
    if (id) actions.push({ page, formId, id, fields });
  }
  return actions;
}

export async function signedInCookie(baseUrl: string, username: string, password: string): Promise<string> {
  const answer = await postForm(baseUrl, "/signin", "signin-form", [["username", username], ["password", password]]);
  if (answer.status !== 303) throw new Error(`sign-in failed with ${answer.status}`);
  return cookieHeader(answer.setCookies);
}

export type RawAnswer = { status: number; body: string };

export async function raw(baseUrl: string, path: string, init: { method?: string; headers?: Record<string, string>; body?: string | Buffer }): Promise<RawAnswer> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: init.method ?? "POST",
    headers: init.headers,
    body: init.body === undefined ? undefined : new Uint8Array(typeof init.body === "string" ? Buffer.from(init.body) : init.body),
    redirect: "manual",
  });
  return { status: response.status, body: await response.text() };
}

/** A multipart body built by hand, so it can hold bytes that are not UTF-8. */
export function multipart(parts: Array<[string, string | Buffer]>): { body: Buffer; contentType: string } {
  const boundary = "----portal-fuzz-boundary";
  const chunks: Buffer[] = [];
  for (const [name, value] of parts) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n`));
    chunks.push(typeof value === "string" ? Buffer.from(value) : value);
    chunks.push(Buffer.from("\r\n"));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** The hidden fields a page's form needs to reach its action without JavaScript. */
export { hiddenFields };

/** What an error page or response must never show. */
export const INTERNALS = /Failed query|\bat (Object\.|async |process\.)|node_modules\/|TypeError:|ReferenceError:|PostgresError|DrizzleQueryError|\bselect ["*a-z_, ]+ from\b|\binsert into\b/;
