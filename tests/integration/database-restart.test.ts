import { eq } from "drizzle-orm";
import { requestPasswordReset } from "@/lib/auth/password-reset";
import { advanceClock, MINUTE, resetClock } from "@/lib/clock";
import { db, openDatabase, setPortalDatabase, type DatabaseHandle } from "@/lib/db";
import { outbox } from "@/lib/db/schema";
import { backgroundWork } from "@/lib/server/background-work";
import { freshMeta, makeCustomer } from "../support/customers";
import { withSmtpReceiver } from "../support/mail";
import { startThrowawayPostgres, throwawayPostgresUnavailable, type ThrowawayPostgres } from "../support/throwaway-postgres";

/**
 * Issue 23, items 2 and 3: PostgreSQL stopped for 5 s in the middle of a burst of "Forgot your
 * password?" requests, then started again. On a cluster of the test's own (its own loopback port,
 * removed afterwards), so stopping it disturbs nobody else. Nothing accepted may be lost, no
 * customer may get the same mail twice (the README's window is a crash of the server between the
 * mail server's answer and the "sent" write, which this test does not cause), mail flows again
 * within seconds, and the driver throws nothing past the portal (an uncaught exception).
 */
// Note: the test brings its own cluster, so it needs only one of `npm test`'s two passes: the PostgreSQL one.
const unavailable = process.env.TEST_DATABASE_URL ? throwawayPostgresUnavailable() : "it runs in the PostgreSQL pass (TEST_DATABASE_URL set)";
const onThrowawayCluster = unavailable ? describe.skip : describe;
const skipReason = unavailable ? ` — skipped: ${unavailable}` : "";

const receiver = withSmtpReceiver();
let cluster: ThrowawayPostgres | undefined;
let handle: DatabaseHandle | undefined;

beforeAll(async () => {
  if (unavailable) return;
  cluster = await startThrowawayPostgres();
  handle = await openDatabase({ kind: "postgres", url: cluster.url });
  setPortalDatabase(handle);
}, 60_000);

afterAll(async () => {
  resetClock();
  try {
    await handle?.close();
  } finally {
    await cluster?.destroy();
  }
}, 60_000);

const BURST = 60;
const EVERY_MS = 100;
const STOP_AFTER_MS = 1_000;
const DOWN_MS = 5_000;

onThrowawayCluster(`fault: PostgreSQL stopped for 5 s during a burst of reset requests (issue 23)${skipReason}`, () => {
  it("loses nothing accepted, sends nothing twice, mails again within seconds and throws nothing uncaught", async () => {
    const customers = [];
    for (let i = 0; i < BURST; i += 1) customers.push(await makeCustomer());
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.on("uncaughtException", onUncaught);
    const errors = jest.spyOn(console, "error").mockImplementation(() => {});
    const infos = jest.spyOn(console, "info").mockImplementation(() => {});
    // The server's timer (OUTBOX_POLL_SECONDS), at a second here.
    const timer = setInterval(() => void backgroundWork().runQuietly(), 1_000);
    const outcomes: Array<{ email: string; accepted: boolean; ms: number }> = [];
    let restartedAt = 0;
    let stoppingAt = 0;
    try {
      const outage = (async () => {
        await new Promise((resolve) => setTimeout(resolve, STOP_AFTER_MS));
        stoppingAt = performance.now();
        await cluster!.stop();
        await new Promise((resolve) => setTimeout(resolve, DOWN_MS));
        await cluster!.start();
        restartedAt = performance.now();
      })();
      const requests = customers.map(async (customer, i) => {
        await new Promise((resolve) => setTimeout(resolve, i * EVERY_MS));
        const started = performance.now();
        try {
          await requestPasswordReset(customer.email, freshMeta(), "en");
          outcomes.push({ email: customer.email, accepted: true, ms: performance.now() - started });
          // What after() does once the response is out.
          void backgroundWork().runQuietly();
        } catch {
          outcomes.push({ email: customer.email, accepted: false, ms: performance.now() - started });
        }
      });
      await Promise.all([outage, ...requests]);

      const accepted = outcomes.filter((outcome) => outcome.accepted);
      const refused = outcomes.filter((outcome) => !outcome.accepted);
      const slowest = Math.max(...outcomes.map((outcome) => outcome.ms));
      // The outage must have been felt (requests waited or were refused), or this test proves nothing.
      expect(refused.length > 0 || slowest > 1_000).toBe(true);
      expect(accepted.length).toBeGreaterThan(0);
      for (const outcome of accepted) await receiver.waitFor((m) => m.envelopeTo.includes(outcome.email), 30_000);
      const lastMail = Math.max(...accepted.map((outcome) => receiver.to(outcome.email)[0].receivedAt));
      const flowingAfterMs = lastMail - (performance.timeOrigin + restartedAt);
      console.log(
        `[restart] ${accepted.length} accepted, ${refused.length} refused; slowest request ${Math.round(slowest)} ms; ` +
          `last mail ${(flowingAfterMs / 1000).toFixed(1)} s after the restart`,
      );
      // No request waits much longer than the outage itself (it was 16 s with the driver's own reconnect
      // schedule). Note: the outage as it happened — stopping and starting the cluster take longer on a
      // loaded machine — not the DOWN_MS it was asked to last.
      expect(slowest).toBeLessThan(restartedAt - stoppingAt + 4_000);
      expect(flowingAfterMs).toBeLessThan(20_000);

      // Past every lease, another pass sends nothing again.
      advanceClock(2 * MINUTE);
      await backgroundWork().run();
      advanceClock(2 * MINUTE);
      await backgroundWork().run();
      const twice = accepted.filter((outcome) => receiver.to(outcome.email).length > 1);
      expect(twice.map((outcome) => outcome.email)).toEqual([]);
      const unsent = await (await db()).select({ id: outbox.id }).from(outbox).where(eq(outbox.status, "pending"));
      expect(unsent).toEqual([]);
      expect(uncaught).toEqual([]);
    } finally {
      clearInterval(timer);
      process.off("uncaughtException", onUncaught);
      errors.mockRestore();
      infos.mockRestore();
    }
  }, 120_000);
});
