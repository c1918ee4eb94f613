import { cookieHeader, hiddenFields, postForm } from "../../e2e/support/form-post";
import type { SmtpReceiver } from "../../support/smtp-receiver";

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

/**
 * A signed-in browser's cookies: the password and, for someone who takes a second step (staff
 * always do, issue 17), the code mailed to `mailbox.email`, read from the portal's SMTP receiver.
 */
export async function signedInCookie(baseUrl: string, username: string, password: string, mailbox?: { receiver: SmtpReceiver; email: string }): Promise<string> {
  const before = mailbox?.receiver.messages.length ?? 0;
  const answer = await postForm(baseUrl, "/signin", "signin-form", [["username", username], ["password", password]]);
  if (answer.status !== 303) throw new Error(`sign-in failed with ${answer.status}`);
  if (!answer.location?.startsWith("/signin/two-step")) return cookieHeader(answer.setCookies);
  if (!mailbox) throw new Error(`${username} takes a second step: give signedInCookie the mailbox`);
  const mail = await mailbox.receiver.waitFor((m) => m.envelopeTo.includes(mailbox.email) && mailbox.receiver.messages.indexOf(m) >= before && /code$/.test(m.subject ?? ""));
  const code = /\b(\d{6})\b/.exec(mail.text ?? "")?.[1] ?? "";
  const verified = await postForm(baseUrl, answer.location, "second-step-form", [["code", code]], { cookie: cookieHeader(answer.setCookies) });
  if (verified.status !== 303 || verified.location?.startsWith("/signin")) throw new Error(`the second step failed with ${verified.status}`);
  return cookieHeader(verified.setCookies);
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

/** A file part of a hand-built multipart body: what a browser sends for an <input type="file">. */
export type FilePart = { fileName: string; type: string; data: Buffer };

/** A multipart body built by hand, so it can hold bytes that are not UTF-8, and files. */
export function multipart(parts: Array<[string, string | Buffer | FilePart]>): { body: Buffer; contentType: string } {
  const boundary = "----portal-fuzz-boundary";
  const chunks: Buffer[] = [];
  for (const [name, value] of parts) {
    if (typeof value === "string" || Buffer.isBuffer(value)) {
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n`));
      chunks.push(typeof value === "string" ? Buffer.from(value) : value);
    } else {
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${value.fileName}"\r\nContent-Type: ${value.type}\r\n\r\n`), value.data);
    }
    chunks.push(Buffer.from("\r\n"));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** The hidden fields a page's form needs to reach its action without JavaScript. */
export { hiddenFields };

/** What an error page or response must never show. */
export const INTERNALS = /Failed query|\bat (Object\.|async |process\.)|node_modules\/|TypeError:|ReferenceError:|PostgresError|DrizzleQueryError|\bselect ["*a-z_, ]+ from\b|\binsert into\b/;
