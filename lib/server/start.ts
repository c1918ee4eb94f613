import { config, type PortalConfig } from "@/lib/config";
import { ensureDemoCustomer } from "@/lib/server/demo-customer";
import { databaseHandle } from "@/lib/db";
import { peerStamp } from "@/lib/http/client-ip";
import { errorSummary, log } from "@/lib/log";
import { checkPasswordLanguages } from "@/lib/auth/password-policy";
import { installSpoolSessionCheck } from "@/lib/auth/session-cookie";
import { installRequestLog } from "@/lib/operations/request-log";
import { installFormReadTimeLimit } from "@/lib/support/attachments/uploads";
import { releaseJobLeasesOf } from "@/lib/jobs/queue";
import { releaseMailLeasesOf } from "@/lib/mail/delivery";
import { seedKnowledgeBase } from "@/lib/knowledge-base/seed";
import { backgroundWork } from "@/lib/server/background-work";
import { driverPatchProblem, postgresDriverPatch } from "@/lib/server/driver-patch";

function startBackgroundTimer(seconds: number) {
  const timer = setInterval(() => void backgroundWork().runQuietly(), seconds * 1000);
  timer.unref();
}

/**
 * The broken-pipe guard, the log redaction, the SIGTERM bound and the peer stamp
 * (server/preload.cjs) must not depend on how the server was started (issue 23, item 7). Loaded
 * here too — this runs however the server starts — they are in place from now on even without
 * `--require`; the preload installs itself once, so with it this does nothing. Returns whether
 * they were there before Next.js started serving.
 */
async function installProcessGuards(): Promise<{ beforeFirstRequest: boolean }> {
  const beforeFirstRequest = Boolean(peerStamp());
  await import("@/server/preload.cjs");
  return { beforeFirstRequest };
}

/**
 * S28: but installed from here they come late — Next.js serves requests before register() has run
 * (see the stack notes) — so the first requests would have no client address and no guard. A
 * production start without the preload is refused, whatever TRUSTED_PROXY_HOPS says (a request
 * that does not come through the proxy has only its TCP peer). On Vercel, where the platform
 * starts the server and no `--require` is possible, the platform's proxy decides the client
 * address: it is accepted with TRUSTED_PROXY_HOPS ≥ 1 and refused without.
 */
function checkProcessGuards(settings: PortalConfig, beforeFirstRequest: boolean) {
  if (beforeFirstRequest) return;
  if (settings.onVercel && settings.trustedProxyHops > 0) return;
  const advice = settings.onVercel
    ? "on Vercel set TRUSTED_PROXY_HOPS=1, so the platform's proxy decides the client address"
    : "start the portal with `npm start` (or `node --require ./server/preload.cjs …`)";
  const reason = "client addresses and the log guard would be missing for the first requests";
  if (settings.production) throw new Error(`${reason}: ${advice}.`);
  log.warn(`[portal] started without server/preload.cjs; ${reason} (fine in development): ${advice}.`);
}

/**
 * Issue 23, item 3: a production start refuses a postgres.js installed without the portal's patch.
 * Note: a standalone output bundles the driver and carries no copy to read; there the install the
 * build ran from must have run the script, and the start only says it could not check.
 */
function checkDriverPatch(settings: PortalConfig) {
  const problem = driverPatchProblem(process.cwd());
  if (problem && settings.production) throw new Error(problem);
  if (problem) console.warn(`[portal] ${problem}.`);
  else if (settings.production && postgresDriverPatch(process.cwd()) === "absent") {
    console.warn("[portal] no postgres.js under node_modules to check for the portal's patch (a standalone output); the build's install must have run scripts/patch-postgres-driver.mjs.");
  }
}

async function start() {
  const settings = config();
  // A language's password.json that cannot be used stops the start, naming the file.
  checkPasswordLanguages();
  installRequestLog();
  installFormReadTimeLimit();
  installSpoolSessionCheck();
  const { beforeFirstRequest } = await installProcessGuards();
  checkProcessGuards(settings, beforeFirstRequest);
  checkDriverPatch(settings);
  const handle = await databaseHandle();
  const where = settings.database.kind === "embedded" ? `embedded PGlite in ${settings.database.directory}` : "PostgreSQL (DATABASE_URL)";
  log.info(`[portal] database: ${where}; migrations applied`);
  await seedKnowledgeBase();
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
