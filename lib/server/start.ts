import type { IncomingMessage } from "node:http";
import { config } from "@/lib/config";
import { PEER_ADDRESS_HEADER } from "@/lib/http/client-ip";
import { databaseHandle } from "@/lib/db";
import { ensureDemoCustomer } from "@/lib/customers/demo-customer";
import { syncKnowledgeBase } from "@/lib/support/knowledge-base";
import { pruneExpiredRecords, runMailWorkQuietly } from "@/lib/jobs/worker";

/**
 * S28: stamps each request with the address of the TCP peer, overwriting anything a client sent
 * under that name, so the client IP can be known without trusting X-Forwarded-For.
 */
async function stampPeerAddress() {
  const http = await import("node:http");
  const server = http.Server.prototype as unknown as { emit: (event: string, ...args: unknown[]) => boolean; portalPeerStamp?: true };
  if (server.portalPeerStamp) return;
  const emit = server.emit;
  server.emit = function (this: unknown, event: string, ...args: unknown[]) {
    if (event === "request") {
      const request = args[0] as IncomingMessage;
      request.headers[PEER_ADDRESS_HEADER] = request.socket?.remoteAddress ?? "unknown";
    }
    return emit.call(this, event, ...args);
  };
  server.portalPeerStamp = true;
}

function startBackgroundDrain(seconds: number) {
  let runs = 0;
  const timer = setInterval(() => {
    void runMailWorkQuietly();
    // About once an hour, forget expired links and revocations.
    if (++runs % Math.max(1, Math.round(3600 / seconds)) === 0) void pruneExpiredRecords().catch(() => {});
  }, seconds * 1000);
  timer.unref();
}

/** Start-up of the Node.js server: settings, migrations, demo customer, mail drain. */
export async function startServer() {
  const settings = config();
  await stampPeerAddress();
  const handle = await databaseHandle();
  console.log(`[portal] database: ${handle.kind === "postgres" ? "PostgreSQL (DATABASE_URL)" : `embedded PGlite in ${settings.database.kind === "embedded" ? settings.database.directory : ""}`}; migrations applied`);
  await syncKnowledgeBase();
  if (settings.demoAccount) await ensureDemoCustomer();
  if (settings.mail.devMailbox) console.log(`[portal] no SMTP_URL: mail goes to the dev mailbox at ${settings.appUrl}/dev/mailbox`);
  if (settings.mail.backgroundDrainSeconds > 0) startBackgroundDrain(settings.mail.backgroundDrainSeconds);
  void runMailWorkQuietly();
}
