import { ImapFlow } from "imapflow";
import { config } from "@/lib/config";
import { HOUR, now } from "@/lib/clock";
import { withBackgroundConnection } from "@/lib/db/background-connections";
import { handleInboundMail, holdOversizeMail, InboundMailDeferred, MAX_INBOUND_BYTES, type InboundResult, type OversizeEnvelope } from "@/lib/support/inbound/inbound-mail";

/**
 * Issue 28: reads the support mailbox (INBOUND_IMAP_URL) and moves each mail it has handled out of
 * the inbox — Processed (posted), Held (for staff), Rejected (auto-replies and bounces) — so
 * nothing is read twice and nothing is lost. A mail stays in the inbox until its outcome is
 * committed; read again after a crash, handleInboundMail finds its Message-ID and only the move
 * is repeated.
 */

export const FOLDERS = { posted: "Processed", held: "Held", dropped: "Rejected" } as const satisfies Record<InboundResult["outcome"], string>;

/** How long a server may take: a slow or silent one fails the pass instead of holding the background work. */
export type MailboxLimits = { connectMs: number; greetingMs: number; socketMs: number; passMs: number };
const LIMITS: MailboxLimits = { connectMs: 15_000, greetingMs: 10_000, socketMs: 60_000, passMs: 90_000 };

function connection(url: string, limits: MailboxLimits, idle = false): { client: ImapFlow; mailbox: string } {
  const address = new URL(url);
  const client = new ImapFlow({
    host: address.hostname,
    port: Number(address.port) || (address.protocol === "imaps:" ? 993 : 143),
    secure: address.protocol === "imaps:",
    auth: { user: decodeURIComponent(address.username), pass: decodeURIComponent(address.password) },
    // Note: the library logs protocol lines, which carry what the mail says; nothing is logged.
    logger: false,
    connectionTimeout: limits.connectMs,
    greetingTimeout: limits.greetingMs,
    socketTimeout: limits.socketMs,
    // Note: an idle connection renews its IDLE well inside the socket limit (servers drop IDLE after 30 minutes).
    maxIdleTime: Math.min(limits.socketMs / 2, 5 * 60_000),
    // The watcher does nothing but wait, so it enters IDLE a second after opening the inbox, not 15.
    ...(idle ? { autoIdleDelay: 1_000 } : {}),
  });
  client.on("error", () => undefined);
  return { client, mailbox: decodeURIComponent(address.pathname.replace(/^\//, "")) || "INBOX" };
}

class PassDeadline extends Error {}

/** One mail from the inbox: its bytes, or only its envelope when it is over MAX_INBOUND_BYTES (S50); null when it is gone. */
async function readOne(client: ImapFlow, uid: number, size: number): Promise<{ source: Buffer } | { envelope: OversizeEnvelope } | null> {
  if (size <= MAX_INBOUND_BYTES) {
    // Note: the fetch stops one byte past the limit whatever the size said, so a mail that grew is still held as too large.
    const message = await client.fetchOne(String(uid), { source: { maxLength: MAX_INBOUND_BYTES + 1 } }, { uid: true });
    if (!message) return null;
    // A server that answers with no body fails this mail's handling (counted, then set aside).
    if (!message.source) throw new Error("the mailbox sent no content for a mail");
    return { source: message.source };
  }
  const message = await client.fetchOne(String(uid), { envelope: true }, { uid: true });
  if (!message) return null;
  const from = message.envelope?.from?.[0]?.address;
  return { envelope: { messageId: message.envelope?.messageId, from, subject: message.envelope?.subject } };
}

// S47: a mail whose handling failed this many passes in a row (in this process) is set aside in
// Held, so that it is neither read again for ever nor keeps every pass failing. It has no row, so
// /staff/inbound does not list it: the mailbox's Held folder keeps it, and each failure was logged.
const FAILED_PASSES_BEFORE_SET_ASIDE = 3;
const failedPasses = new Map<string, number>();
// S47: a mail whose files clamd could not scan waits in the inbox for the scanner, but not for ever
// (clamd may answer ERROR for one file every time): once it has been in the mailbox an hour (its
// INTERNALDATE, the server's arrival time: no count is lost when a process restarts) it is held for
// staff ("files not scanned"), who post it from /staff/inbound once the scanner answers.
const UNSCANNED_HOLD_AFTER_MS = HOUR;

/**
 * One pass over the inbox; returns how many mails were handled. Throws if the server cannot be
 * reached or the pass outlives `passMs` (the connection is then closed, so nothing runs on); the
 * mail waits in the inbox for the next pass. A mail whose files clamd could not scan stays there too,
 * and so does one whose handling failed — after the others are read, the pass throws its error —
 * until its third failed pass, when it is set aside in Held.
 */
export async function readSupportMailbox(url: string | null = config().mail.inboundImapUrl, limits: MailboxLimits = LIMITS): Promise<number> {
  if (!url) return 0;
  const { client, mailbox } = connection(url, limits);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      client.close();
      reject(new PassDeadline(`the support mailbox pass did not finish within ${Math.round(limits.passMs / 1000)} s`));
    }, limits.passMs);
    timer.unref();
  });
  const pass = onePass(client, mailbox);
  pass.catch(() => undefined);
  try {
    return await Promise.race([pass, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

async function onePass(client: ImapFlow, mailbox: string): Promise<number> {
  await client.connect();
  try {
    for (const folder of Object.values(FOLDERS)) {
      await client.mailboxCreate(folder).catch(() => undefined); // exists already
    }
    const lock = await client.getMailboxLock(mailbox);
    try {
      const uidValidity = client.mailbox ? String(client.mailbox.uidValidity) : "0";
      if (client.mailbox && client.mailbox.exists === 0) return 0;
      // S50: first each mail's size as the server counts it; then one mail's bytes at a time, and
      // only a mail within MAX_INBOUND_BYTES — a larger one is known by its envelope alone.
      const waiting: { uid: number; size: number; arrived: number }[] = [];
      for await (const message of client.fetch("1:*", { uid: true, size: true, internalDate: true }, { uid: false })) {
        const arrived = message.internalDate ? new Date(message.internalDate).getTime() : NaN;
        waiting.push({ uid: message.uid, size: message.size ?? 0, arrived: Number.isNaN(arrived) ? now().getTime() : arrived });
      }
      // What this process counts of mails no longer in the inbox (moved by another reader) goes.
      const present = new Set(waiting.map(({ uid }) => `${uidValidity}:${uid}`));
      for (const key of failedPasses.keys()) if (!present.has(key)) failedPasses.delete(key);
      let handled = 0;
      let failed: { error: unknown } | null = null;
      for (const { uid, size, arrived } of waiting) {
        const mailboxUid = `${uidValidity}:${uid}`;
        let result: InboundResult;
        try {
          const read = await readOne(client, uid, size);
          if (!read) continue; // another reader moved it meanwhile
          const holdUnscanned = now().getTime() - arrived >= UNSCANNED_HOLD_AFTER_MS;
          // Background work (S47): each mail is recorded on one of its connections.
          result = await withBackgroundConnection(() => ("source" in read ? handleInboundMail(read.source, { mailboxUid, holdUnscanned }) : holdOversizeMail(read.envelope, { mailboxUid, size })));
        } catch (error) {
          if (error instanceof InboundMailDeferred) continue; // stays in the inbox for a later pass
          // S47: a mail that fails stays in the inbox for the next pass, and the ones behind it are
          // read now; the pass still fails, so the error is logged (once an interval).
          failed ??= { error };
          const passes = (failedPasses.get(mailboxUid) ?? 0) + 1;
          failedPasses.set(mailboxUid, passes);
          if (passes >= FAILED_PASSES_BEFORE_SET_ASIDE) {
            await client.messageMove(String(uid), FOLDERS.held, { uid: true });
            failedPasses.delete(mailboxUid);
          }
          continue;
        }
        failedPasses.delete(mailboxUid);
        await client.messageMove(String(uid), FOLDERS[result.outcome], { uid: true });
        handled += 1;
      }
      if (failed) throw failed.error;
      return handled;
    } finally {
      lock.release();
    }
  } finally {
    await client.logout().catch(() => client.close());
  }
}

/*
 * IDLE (RFC 2177): where the server has it, one connection per process waits in the inbox and a
 * new mail starts a pass at once; the poll every INBOUND_POLL_SECONDS stays as the safety net (and
 * is all there is on a server without IDLE, or on Vercel, where no connection outlives a request).
 * The watcher is never awaited by the background work: connecting or waiting cannot hold a pass.
 */
type Watcher = { client: ImapFlow; closed: boolean };
const shared = globalThis as unknown as { portalMailboxWatcher?: Watcher | null; portalMailboxPass?: Promise<number> | null };

/** A pass, unless one is already running in this process (then its result). */
function readOnce(url: string): Promise<number> {
  shared.portalMailboxPass ??= readSupportMailbox(url).finally(() => {
    shared.portalMailboxPass = null;
  });
  return shared.portalMailboxPass;
}

/** Starts the IDLE watcher if none is running; `onRead` hears of each pass it starts (tests). Resolves whether the server has IDLE. */
export async function watchSupportMailbox(url: string, onRead: (outcome: { handled?: number; error?: unknown }) => void = () => undefined, limits: MailboxLimits = LIMITS): Promise<boolean> {
  if (shared.portalMailboxWatcher && !shared.portalMailboxWatcher.closed) return true;
  const { client, mailbox } = connection(url, { ...limits, socketMs: 10 * 60_000 }, true);
  const watcher: Watcher = { client, closed: false };
  shared.portalMailboxWatcher = watcher;
  client.on("close", () => {
    watcher.closed = true;
  });
  const read = () =>
    readOnce(url).then(
      (handled) => onRead({ handled }),
      (error: unknown) => onRead({ error }),
    );
  try {
    await client.connect();
    if (!client.capabilities.has("IDLE")) {
      await client.logout().catch(() => client.close());
      return false;
    }
    // A new mail in the inbox ("exists") starts a pass; imapflow idles on its own between commands.
    client.on("exists", (update: { count: number; prevCount: number }) => {
      if (update.count > update.prevCount) void read();
    });
    await client.mailboxOpen(mailbox, { readOnly: true });
    return true;
  } catch {
    watcher.closed = true;
    client.close();
    return false;
  }
}

/** Stops this process's IDLE watcher (a test's cleanup, or shutting down). */
export async function stopWatchingSupportMailbox(): Promise<void> {
  const watcher = shared.portalMailboxWatcher;
  shared.portalMailboxWatcher = null;
  if (watcher && !watcher.closed) await watcher.client.logout().catch(() => watcher.client.close());
  await shared.portalMailboxPass?.catch(() => undefined);
}

let lastRead = 0;
// The watcher is tried again at most once a poll interval (a server that is down, or has no IDLE, is not dialled every pass).
let lastWatchAttempt = 0;
/**
 * The background work's step: a pass every INBOUND_POLL_SECONDS when a mailbox is configured, and
 * (where a process lives on) the IDLE watcher started, or started again after its connection dropped.
 */
export async function readSupportMailboxWhenDue(): Promise<number> {
  const { inboundImapUrl, inboundPollSeconds, backgroundDrainSeconds } = config().mail;
  if (!inboundImapUrl) return 0;
  if (backgroundDrainSeconds > 0 && now().getTime() - lastWatchAttempt >= inboundPollSeconds * 1000) {
    lastWatchAttempt = now().getTime();
    void watchSupportMailbox(inboundImapUrl).catch(() => undefined);
  }
  if (now().getTime() - lastRead < inboundPollSeconds * 1000) return 0;
  lastRead = now().getTime();
  return readOnce(inboundImapUrl);
}
