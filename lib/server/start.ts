import { config, type PortalConfig } from "@/lib/config";
import { ensureDemoCustomer } from "@/lib/server/demo-customer";
import { databaseHandle } from "@/lib/db";
import { peerStamp } from "@/lib/http/client-ip";
import { errorSummary, log } from "@/lib/log";
import { installRequestLog } from "@/lib/operations/request-log";
import { releaseJobLeasesOf } from "@/lib/jobs/queue";
import { releaseMailLeasesOf } from "@/lib/mail/outbox";
import { syncKnowledgeBase } from "@/lib/support/knowledge-base";
import { backgroundWork } from "@/lib/server/background-work";

function startBackgroundTimer(seconds: number) {
  const timer = setInterval(() => void backgroundWork().runQuietly(), seconds * 1000);
  timer.unref();
}

/**
 * S28: with no trusted proxy the client's address is the TCP peer, which only server/preload.cjs
 * can record before the first request. A production server started without it would see every
 * client as "unknown" (one shared rate limit), so it does not start.
 */
function checkPeerStamp(settings: PortalConfig) {
  if (peerStamp() || settings.trustedProxyHops > 0) return;
  const advice = "start the portal with `npm start` (or `node --require ./server/preload.cjs …`), or set TRUSTED_PROXY_HOPS behind a proxy";
  if (settings.production) throw new Error(`client addresses cannot be known: ${advice}.`);
  log.warn(`[portal] client addresses are not stamped; rate limits treat every client as one: ${advice}.`);
}

async function start() {
  const settings = config();
  installRequestLog();
  checkPeerStamp(settings);
  const handle = await databaseHandle();
  const where = settings.database.kind === "embedded" ? `embedded PGlite in ${settings.database.directory}` : "PostgreSQL (DATABASE_URL)";
  log.info(`[portal] database: ${where}; migrations applied`);
  await syncKnowledgeBase();
  if (settings.demoAccount) await ensureDemoCustomer();
  if (settings.mail.devMailbox) log.info(`[portal] no SMTP_URL: mail goes to the dev mailbox at ${settings.appUrl}/dev/mailbox`);
  if (settings.mail.backgroundDrainSeconds > 0) {
    // Note: only a long-lived server has a stable identity (host and port); serverless instances
    // let their leases lapse instead.
    await releaseMailLeasesOf(settings.instanceId);
    await releaseJobLeasesOf(settings.instanceId);
    startBackgroundTimer(settings.mail.backgroundDrainSeconds);
  }
  void backgroundWork().runQuietly();
  return handle;
}

/** Start-up of the Node.js server: settings, migrations, Knowledge Base, demo customer, background work. */
export async function startServer() {
  try {
    await start();
  } catch (error) {
    // Note: Next.js logs a failed hook and keeps serving; a portal without its settings or its
    // database must not start at all, so the start stops here with the reason.
    const reason = error instanceof Error && error.name === "ConfigurationError" ? error.message : errorSummary(error);
    console.error(`[portal] cannot start: ${reason}`);
    process.exit(1);
  }
}
