import { execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, chown, mkdir, mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import { connect, createServer } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

/**
 * Issue 28: a real IMAP server for the tests — Debian's Dovecot, started from a config file this
 * module writes under a temp folder (loopback port, one passwd-file user, a Maildir), and stopped
 * and removed after. As root (CI), mail is owned by Dovecot's own unprivileged user, since Dovecot
 * refuses to serve mail as root.
 */

export const DOVECOT = "/usr/sbin/dovecot";
const run = promisify(execFile);

export function dovecotAbsentReason(): string | null {
  return existsSync(DOVECOT) ? null : `Dovecot is not installed (${DOVECOT}); apt-get install dovecot-imapd`;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

async function mailOwner(): Promise<{ uid: number; gid: number; user: string }> {
  const me = userInfo();
  if (me.uid !== 0) return { uid: me.uid, gid: me.gid, user: me.username };
  const { stdout } = await run("getent", ["passwd", "dovecot"]);
  const [user, , uid, gid] = stdout.trim().split(":");
  return { uid: Number(uid), gid: Number(gid), user };
}

export class Dovecot {
  directory = "";
  port = 0;
  readonly user = "support";
  readonly password = "mailbox-test-password";

  get url(): string {
    return `imap://${this.user}:${this.password}@127.0.0.1:${this.port}/INBOX`;
  }

  get config(): string {
    return join(this.directory, "dovecot.conf");
  }

  async start(): Promise<void> {
    if (!this.directory) await this.prepare();
    // Note: Dovecot forks into the background; with its output ignored the start returns as the parent exits.
    await new Promise<void>((resolve, reject) => {
      const master = spawn(DOVECOT, ["-c", this.config], { stdio: "ignore" });
      master.once("error", reject);
      master.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`dovecot exited with ${code}; see ${this.directory}/dovecot.log`))));
    });
    await this.waitUntilListening();
  }

  /**
   * Puts a mail into the inbox's Maildir directly, as the mail server's local delivery does while
   * IMAP is down (written to tmp/, then renamed into new/, owned by the mailbox's user).
   */
  async deliverToMaildir(raw: Buffer): Promise<void> {
    const maildir = join(this.directory, "home", "Maildir");
    const owner = await mailOwner();
    for (const folder of ["tmp", "new", "cur"]) {
      await mkdir(join(maildir, folder), { recursive: true });
      await chown(join(maildir, folder), owner.uid, owner.gid);
    }
    const name = `${Math.floor(Date.now() / 1000)}.M${process.hrtime.bigint()}P${process.pid}.portal-test`;
    await writeFile(join(maildir, "tmp", name), raw);
    await chown(join(maildir, "tmp", name), owner.uid, owner.gid);
    await rename(join(maildir, "tmp", name), join(maildir, "new", name));
  }

  /** Stops the server and waits until it is gone; the Maildir stays for the next start. */
  async stop(): Promise<void> {
    await new Promise<void>((resolve) => spawn(DOVECOT, ["-c", this.config, "stop"], { stdio: "ignore" }).once("exit", () => resolve()).once("error", () => resolve()));
    const deadline = Date.now() + 10_000;
    while (existsSync(join(this.directory, "run", "master.pid")) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  }

  async remove(): Promise<void> {
    await this.stop();
    if (this.directory) await rm(this.directory, { recursive: true, force: true });
  }

  private async prepare(): Promise<void> {
    this.directory = await mkdtemp(join(tmpdir(), "portal-dovecot-"));
    this.port = await freePort();
    // Dovecot's auth process (its own user) must reach the passwd file; the password is a test's.
    await chmod(this.directory, 0o755);
    const owner = await mailOwner();
    const home = join(this.directory, "home");
    await mkdir(home, { recursive: true });
    await chown(home, owner.uid, owner.gid);
    await writeFile(join(this.directory, "passwd"), `${this.user}:{PLAIN}${this.password}:${owner.uid}:${owner.gid}::${home}\n`);
    const me = userInfo();
    const serviceUser = me.uid === 0 ? "" : `default_login_user = ${me.username}\ndefault_internal_user = ${me.username}\n`;
    await writeFile(
      this.config,
      `protocols = imap
listen = 127.0.0.1
base_dir = ${this.directory}/run
state_dir = ${this.directory}/state
log_path = ${this.directory}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = ${Math.min(owner.uid, 100)}
${serviceUser}passdb {
  driver = passwd-file
  args = scheme=PLAIN ${this.directory}/passwd
}
userdb {
  driver = passwd-file
  args = ${this.directory}/passwd
}
mail_location = maildir:~/Maildir
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${this.port}
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
service stats {
  chroot =
}
`,
    );
  }

  /** Waits for the server's greeting on its port (a condition, not a fixed sleep). */
  private async waitUntilListening(): Promise<void> {
    const deadline = Date.now() + 15_000;
    while (!(await this.greets())) {
      if (Date.now() > deadline) throw new Error(`Dovecot did not answer on port ${this.port}; see ${this.directory}/dovecot.log`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  private greets(): Promise<boolean> {
    return new Promise((resolve) => {
      const socket = connect(this.port, "127.0.0.1");
      socket.setTimeout(2000);
      socket.once("data", (data) => {
        socket.destroy();
        resolve(data.toString().startsWith("* OK"));
      });
      socket.once("error", () => resolve(false));
      socket.once("timeout", () => {
        socket.destroy();
        resolve(false);
      });
    });
  }
}
