import nodemailer, { type Transporter } from "nodemailer";
import { config } from "@/lib/config";
import { devMailboxTransport } from "@/lib/mail/dev-mailbox";

export type OutgoingMail = { to: string; subject: string; html: string; text: string; messageId: string; replyTo?: string };
export type MailTransport = { send(mail: OutgoingMail): Promise<void> };

const LOOPBACK = new Set(["localhost", "127.0.0.1", "::1", "[::1]"]);

/**
 * S39, S44: nodemailer over SMTP_URL. smtps:// is implicit TLS; smtp:// must upgrade with STARTTLS
 * (requireTLS) and certificates are verified, except on loopback, where a local relay or a test
 * receiver may speak plain SMTP. The timeouts bound one send to 35 s, inside the outbox's lease.
 */
export function smtpOptions(smtpUrl: string) {
  const url = new URL(smtpUrl);
  const loopback = LOOPBACK.has(url.hostname);
  return {
    host: url.hostname,
    port: Number(url.port) || (url.protocol === "smtps:" ? 465 : 587),
    secure: url.protocol === "smtps:",
    requireTLS: !loopback,
    tls: { rejectUnauthorized: !loopback },
    auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
    pool: true,
    maxConnections: 4,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 15_000,
  };
}

const shared = globalThis as unknown as { portalSmtp?: { url: string; transporter: Transporter } };

function smtpTransport(smtpUrl: string): MailTransport {
  if (shared.portalSmtp?.url !== smtpUrl) {
    shared.portalSmtp?.transporter.close();
    shared.portalSmtp = { url: smtpUrl, transporter: nodemailer.createTransport(smtpOptions(smtpUrl)) };
  }
  const { transporter } = shared.portalSmtp;
  return {
    async send(mail) {
      // RFC 3834: every mail the portal sends is sent by the portal, so auto-responders (a customer's
      // out-of-office, our own support mailbox's reader) do not answer it.
      await transporter.sendMail({ from: config().mail.from, headers: { "Auto-Submitted": "auto-generated" }, ...mail });
    },
  };
}

/** Closes pooled SMTP connections (shutdown, tests). */
export function closeMailTransport() {
  shared.portalSmtp?.transporter.close();
  shared.portalSmtp = undefined;
}

export function mailTransport(): MailTransport {
  const { smtpUrl, devMailbox } = config().mail;
  if (smtpUrl) return smtpTransport(smtpUrl);
  if (devMailbox) return devMailboxTransport;
  throw new Error("No mail transport: set SMTP_URL");
}
