import type { ParsedMail } from "mailparser";
import { reloadConfig } from "@/lib/config";
import { closeMailTransport } from "@/lib/mail/transport";
import { SmtpReceiver } from "./smtp-receiver";

/** A real SMTP receiver for the test file's tests, with the portal's SMTP_URL pointed at it. */
export function withSmtpReceiver(): SmtpReceiver {
  const receiver = new SmtpReceiver();
  beforeAll(async () => {
    await receiver.start();
    process.env.SMTP_URL = receiver.url;
    reloadConfig();
  });
  afterAll(async () => {
    closeMailTransport();
    await receiver.stop();
    delete process.env.SMTP_URL;
    reloadConfig();
  });
  return receiver;
}

/** Every link to a path under `path` in a mail's text part (e.g. "/reset-password/"), each once. */
export function linksIn(mail: ParsedMail, path: string): string[] {
  const pattern = new RegExp(`https?://[^\\s<>"\\])]+${path.replace(/[/-]/g, "\\$&")}[A-Za-z0-9_-]{43}`, "g");
  return [...new Set((mail.text ?? "").match(pattern) ?? [])];
}

/** The one reset link in a mail, and its token; throws unless there is exactly one (S43). */
export function resetLinkIn(mail: ParsedMail): { link: string; token: string } {
  const links = linksIn(mail, "/reset-password/");
  if (links.length !== 1) throw new Error(`expected one reset link, found ${links.length}`);
  return { link: links[0], token: links[0].split("/").pop()! };
}
