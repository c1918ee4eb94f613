import { ImapFlow } from "imapflow";
import { config } from "@/lib/config";
import { handleInboundMail, type InboundResult } from "@/lib/support/inbound/inbound-mail";

/**
 * Issue 28: reads the support mailbox (INBOUND_IMAP_URL) and moves each mail it has handled out of
 * the inbox — Processed (posted), Held (for staff), Rejected (auto-replies and bounces) — so
 * nothing is read twice and nothing is lost. A mail stays in the inbox until its outcome is
 * committed; read again after a crash, handleInboundMail finds its Message-ID and only the move
 * is repeated.
 */

export const FOLDERS = { posted: "Processed", held: "Held", dropped: "Rejected" } as const satisfies Record<InboundResult["outcome"], string>;

function connection(url: string): { client: ImapFlow; mailbox: string } {
  const address = new URL(url);
  const client = new ImapFlow({
    host: address.hostname,
    port: Number(address.port) || (address.protocol === "imaps:" ? 993 : 143),
    secure: address.protocol === "imaps:",
    auth: { user: decodeURIComponent(address.username), pass: decodeURIComponent(address.password) },
    // Note: the library logs protocol lines, which carry what the mail says; nothing is logged.
    logger: false,
    // A slow or silent server fails this pass instead of holding the background work.
    connectionTimeout: 15_000,
    greetingTimeout: 10_000,
    socketTimeout: 60_000,
  });
  return { client, mailbox: decodeURIComponent(address.pathname.replace(/^\//, "")) || "INBOX" };
}

/** One pass over the inbox; returns how many mails were handled. Throws if the server cannot be reached (the mail waits for the next pass). */
export async function readSupportMailbox(url: string | null = config().mail.inboundImapUrl): Promise<number> {
  if (!url) return 0;
  const { client, mailbox } = connection(url);
  client.on("error", () => undefined);
  await client.connect();
  try {
    for (const folder of Object.values(FOLDERS)) {
      await client.mailboxCreate(folder).catch(() => undefined); // exists already
    }
    const lock = await client.getMailboxLock(mailbox);
    try {
      const uidValidity = client.mailbox ? String(client.mailbox.uidValidity) : "0";
      const waiting: { uid: number; source: Buffer }[] = [];
      if (client.mailbox && client.mailbox.exists === 0) return 0;
      for await (const message of client.fetch("1:*", { uid: true, source: true }, { uid: false })) {
        if (message.source) waiting.push({ uid: message.uid, source: message.source });
      }
      for (const { uid, source } of waiting) {
        const result = await handleInboundMail(source, { mailboxUid: `${uidValidity}:${uid}` });
        await client.messageMove(String(uid), FOLDERS[result.outcome], { uid: true });
      }
      return waiting.length;
    } finally {
      lock.release();
    }
  } finally {
    await client.logout().catch(() => client.close());
  }
}

let lastRead = 0;
/** The background work's step: a pass every INBOUND_POLL_SECONDS, when a mailbox is configured. */
export async function readSupportMailboxWhenDue(): Promise<void> {
  const { inboundImapUrl, inboundPollSeconds } = config().mail;
  if (!inboundImapUrl || Date.now() - lastRead < inboundPollSeconds * 1000) return;
  lastRead = Date.now();
  await readSupportMailbox(inboundImapUrl);
}
