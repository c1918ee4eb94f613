import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { config } from "@/lib/config";
import type { MailTransport, OutgoingMail } from "@/lib/mail/transport";

/** Development without SMTP_URL: messages land in files that /dev/mailbox shows. */
function devMailboxDirectory() {
  return path.resolve(config().mail.devMailboxDirectory);
}

export type MailboxMessage = Omit<OutgoingMail, "messageId"> & { id: string; from: string; date: string };

export const devMailboxTransport: MailTransport = {
  async send({ to, subject, html, text }) {
    await mkdir(devMailboxDirectory(), { recursive: true });
    const date = new Date();
    const id = `${date.getTime()}-${Math.round(performance.now() * 1000) % 1_000_000}`;
    const message: MailboxMessage = { id, from: config().mail.from, date: date.toISOString(), to, subject, html, text };
    await writeFile(path.join(devMailboxDirectory(), `${id}.json`), JSON.stringify(message));
  },
};

export async function readDevMailbox(): Promise<MailboxMessage[]> {
  const directory = devMailboxDirectory();
  const files = await readdir(directory).catch(() => []);
  const messages = await Promise.all(
    files.filter((file) => file.endsWith(".json")).map(async (file) => JSON.parse(await readFile(path.join(directory, file), "utf8")) as MailboxMessage),
  );
  return messages.sort((a, b) => b.date.localeCompare(a.date));
}

/**
 * The policy of a mail shown in the mailbox: its own inline styles and pictures, nothing else — no
 * script, no form, no frame, no request but for images.
 */
export const mailboxFramePolicy = "default-src 'none'; script-src 'none'; style-src 'unsafe-inline'; img-src data: https: http:; font-src data:; form-action 'none'; frame-src 'none'";

/**
 * A mail's HTML as the mailbox's frame shows it: every link opens in a new tab (`<base
 * target="_blank">`, which the frame's sandbox lets escape it) and sends no referrer. The frame
 * runs no scripts (its sandbox and its policy, which comes first so it governs the whole mail) and
 * has an origin of its own, so nothing in a mail can act on the portal.
 */
export function mailboxFrameDocument(html: string): string {
  const head = `<meta http-equiv="Content-Security-Policy" content="${mailboxFramePolicy}"><base target="_blank"><meta name="referrer" content="no-referrer">`;
  if (/<head[^>]*>/i.test(html)) return html.replace(/<head[^>]*>/i, (open) => `${open}${head}`);
  return `<!doctype html><html><head>${head}</head><body>${html}</body></html>`;
}
