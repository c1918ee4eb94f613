import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";

/** A received message, with when its DATA was accepted (ms since the epoch, sub-millisecond). */
export type ReceivedMail = ParsedMail & { envelopeTo: string[]; receivedAt: number };

/**
 * A real SMTP server on 127.0.0.1 that keeps what it receives. STARTTLS is off because the
 * package's built-in certificate has expired (see the stack notes); loopback mail needs no TLS.
 */
export class SmtpReceiver {
  readonly messages: ReceivedMail[] = [];
  private server: SMTPServer | undefined;
  private waiters: Array<() => void> = [];
  private rejecting = false;
  private acceptDelayMs = 0;
  /** DATA commands that have begun, accepted or not (a mail in flight counts here first). */
  started = 0;
  /** The most messages that were in the middle of their DATA at one time (how many a client sends at once). */
  mostAtOnce = 0;
  private inFlight = 0;
  port = 0;

  get url() {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** While set, every message is refused with a temporary failure (a mail server in trouble). */
  rejectAll(rejecting: boolean) {
    this.rejecting = rejecting;
  }

  /** A slow mail server: each message is accepted only after this long. */
  delayAccepting(ms: number) {
    this.acceptDelayMs = ms;
  }

  async start(port = 0): Promise<this> {
    this.server = new SMTPServer({
      disabledCommands: ["STARTTLS", "AUTH"],
      logger: false,
      // Pooled client connections are cut at once when a test stops the server.
      closeTimeout: 50,
      // Note: smtp-server answers "421 Timeout" to a connection idle for 60 s (its default). The
      // portal's pool keeps a connection from one test to the next, and on a loaded machine the
      // gap passed 60 s: the next mail failed and stayed pending (mail-taken-up-first at load 33).
      // Idle time is no test's subject, so it is longer than any test's limit.
      socketTimeout: 10 * 60_000,
      onData: (stream, session, callback) => {
        this.started += 1;
        this.inFlight += 1;
        this.mostAtOnce = Math.max(this.mostAtOnce, this.inFlight);
        const done = callback;
        callback = (error?: Error | null) => {
          this.inFlight -= 1;
          done(error);
        };
        if (this.rejecting) {
          stream.resume();
          stream.on("end", () => callback(Object.assign(new Error("Mailbox busy, try later"), { responseCode: 451 })));
          return;
        }
        simpleParser(stream)
          .then(async (mail) => {
            if (this.acceptDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.acceptDelayMs));
            const receivedAt = performance.timeOrigin + performance.now();
            this.messages.push(Object.assign(mail, { envelopeTo: session.envelope.rcptTo.map((rcpt) => rcpt.address), receivedAt }));
            this.waiters.splice(0).forEach((wake) => wake());
            callback();
          })
          .catch(callback);
      },
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once("error", reject);
      this.server!.listen(port, "127.0.0.1", () => resolve());
    });
    this.port = (this.server.server.address() as AddressInfo).port;
    return this;
  }

  async stop() {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Resolves once a message matching the predicate has arrived (event-driven, no polling). */
  async waitFor(predicate: (mail: ReceivedMail) => boolean, timeoutMs = 10_000): Promise<ReceivedMail> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find(predicate);
      if (found) return found;
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(`no matching mail within ${timeoutMs} ms (received ${this.messages.length})`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  to(address: string) {
    return this.messages.filter((mail) => mail.envelopeTo.includes(address));
  }
}
