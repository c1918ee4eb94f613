/**
 * The floor (issue 25): bench/floor/, a minimal Next.js app on the same Next.js, React, postgres.js
 * and argon2id as the portal, doing the portal's busiest jobs with nothing else. This module
 * builds it (into bench/floor/.next, apart from the portal's build), gives it a fresh database on
 * the portal's PostgreSQL server, seeds it, and starts `next start` on a free port.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { hashPassword } from "@/lib/auth/password-hash";
import { dropDatabase } from "../tests/support/test-database";
import { freePort } from "../tests/e2e/support/portal-server";

const FLOOR_DIR = path.join(process.cwd(), "bench", "floor");
const NEXT_BIN = path.join(process.cwd(), "node_modules", "next", "dist", "bin", "next");

export type Floor = { baseUrl: string; pid: number; log: () => string; stop: () => Promise<void> };

function newestSource(directory: string): number {
  let newest = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    if (entry.name === ".next" || entry.name === "next-env.d.ts") continue;
    const full = path.join(directory, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** Builds the floor unless its build is newer than every one of its files. */
export function buildFloor() {
  const buildId = path.join(FLOOR_DIR, ".next", "BUILD_ID");
  if (existsSync(buildId) && statSync(buildId).mtimeMs > newestSource(FLOOR_DIR)) return;
  console.log("Building the floor app (bench/floor)…");
  const result = spawnSync(process.execPath, [NEXT_BIN, "build", FLOOR_DIR], {
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "pipe", "pipe"],
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`the floor app did not build:\n${result.stdout}\n${result.stderr}`);
}

/** A fresh `floor_…` database with the floor's tables: users, sessions, reset requests, links. */
async function createFloorDatabase(adminUrl: string, users: Array<{ username: string; password: string }>) {
  const name = `floor_${randomBytes(6).toString("hex")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const sql = postgres(url.toString(), { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(`
      create table users (id serial primary key, username text not null unique, password_hash text not null);
      create table sessions (id text primary key, user_id integer not null references users(id), expires timestamptz not null);
      create table reset_requests (id bigserial primary key, email text not null, created_at timestamptz not null default now());
      create table links (id serial primary key, section text not null, position integer not null, title text not null, href text not null);
      create index links_section_position on links (section, position);`);
    // The portal's own hashing (argon2id, m=19456, t=2, p=1), so both verify the same work.
    const hash = await hashPassword(users[0]?.password ?? "unused");
    for (const user of users) await sql`insert into users (username, password_hash) values (${user.username}, ${user.password === users[0].password ? hash : await hashPassword(user.password)})`;
    for (let i = 1; i <= 10; i += 1) await sql`insert into links (section, position, title, href) values ('kb', ${i}, ${`Guide ${i}`}, ${`/kb/guide-${i}`})`;
  } finally {
    await sql.end();
  }
  return {
    url: url.toString(),
    drop: async () => {
      const cleanup = postgres(adminUrl, { max: 1, onnotice: () => {} });
      try {
        await dropDatabase(cleanup, name);
      } finally {
        await cleanup.end();
      }
    },
  };
}

function waitForExit(server: ChildProcess, ms: number): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      server.kill("SIGKILL");
      resolve();
    }, ms);
    server.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** `url` reaching its server through the Unix socket in `folder` (libpq's form, lib/db/connection-url.ts). */
export function overSocket(url: string, folder: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set("host", folder);
  return parsed.toString();
}

/**
 * Builds if needed, makes the floor's database on the server of `adminUrl`, and starts it; with
 * `socketFolder`, the floor reaches that database through the server's Unix socket.
 */
export async function startFloor(adminUrl: string, users: Array<{ username: string; password: string }>, socketFolder?: string): Promise<Floor> {
  buildFloor();
  const database = await createFloorDatabase(adminUrl, users);
  const port = await freePort();
  const baseUrl = `http://localhost:${port}`;
  const server = spawn(process.execPath, [NEXT_BIN, "start", FLOOR_DIR, "-p", String(port)], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", FLOOR_DATABASE_URL: socketFolder ? overSocket(database.url, socketFolder) : database.url },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  server.stdout!.on("data", (chunk) => (output += chunk));
  server.stderr!.on("data", (chunk) => (output += chunk));
  const stop = async () => {
    server.kill("SIGTERM");
    await waitForExit(server, 5_000);
    await database.drop();
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (server.exitCode !== null) {
      await database.drop();
      throw new Error(`the floor did not start:\n${output}`);
    }
    try {
      if ((await fetch(`${baseUrl}/kb`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the floor did not answer within 60 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { baseUrl, pid: server.pid!, log: () => output, stop };
}
