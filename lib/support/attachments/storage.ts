import { randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { and, asc, eq, gte, inArray } from "drizzle-orm";
import { config } from "@/lib/config";
import { db, type Executor } from "@/lib/db";
import { attachmentBlobs } from "@/lib/db/schema";

/**
 * Where attachments' bytes are kept (issue 26), behind one small interface: in the database (the
 * default, on PostgreSQL and the embedded one alike) or in a directory (ATTACHMENTS_DIR). Keys
 * are random, made here, and never come from a request, so a key cannot name a path elsewhere.
 */
export type AttachmentStore = {
  kind: "database" | "directory";
  /** Keeps a file's bytes; `attachmentId` is the row they belong to (the database store deletes them with it). */
  put(key: string, data: Buffer, owner: { attachmentId: string; executor?: Executor }): Promise<void>;
  get(key: string, executor?: Executor): Promise<Buffer | null>;
  remove(keys: string[], executor?: Executor): Promise<void>;
};

/** A directory store can also list what it holds, so housekeeping finds files whose row is gone. */
export type DirectoryStore = AttachmentStore & { listOlderThan(time: Date): Promise<string[]> };

export function newStorageKey(): string {
  return randomBytes(18).toString("base64url");
}

const KEY = /^[A-Za-z0-9_-]{24}$/;

/**
 * Pieces a file is written to and read from the database in. Measured (issue 26): postgres.js
 * sends a `bytea` parameter as hex text, so writing a 10 MB file whole built a 20 MB string and
 * copies of it, raising a process's memory by ~60 MiB for one file. A piece of 256 KiB costs
 * ~1 MiB while it is sent, whatever the file's size.
 */
export const BLOB_PART_BYTES = 256 * 1024;
/** Pieces read back in one query: 2 MiB of file, so a download never holds a whole file's hex text. */
const PARTS_PER_READ = 8;

export const databaseStore: AttachmentStore = {
  kind: "database",
  async put(key, data, { attachmentId, executor }) {
    const database = executor ?? (await db());
    // One piece per statement: each parameter's hex text is short-lived and small.
    for (let part = 0; part * BLOB_PART_BYTES < Math.max(data.length, 1); part += 1) {
      const piece = data.subarray(part * BLOB_PART_BYTES, (part + 1) * BLOB_PART_BYTES);
      await database.insert(attachmentBlobs).values({ key, part, attachmentId, data: piece });
    }
  },
  async get(key, executor) {
    const database = executor ?? (await db());
    const pieces: Buffer[] = [];
    for (;;) {
      const rows = await database
        .select({ data: attachmentBlobs.data })
        .from(attachmentBlobs)
        .where(and(eq(attachmentBlobs.key, key), gte(attachmentBlobs.part, pieces.length)))
        .orderBy(asc(attachmentBlobs.part))
        .limit(PARTS_PER_READ);
      pieces.push(...rows.map((row) => row.data));
      if (rows.length < PARTS_PER_READ) break;
    }
    return pieces.length === 0 ? null : Buffer.concat(pieces);
  },
  async remove(keys, executor) {
    if (keys.length > 0) await (executor ?? (await db())).delete(attachmentBlobs).where(inArray(attachmentBlobs.key, keys));
  },
};

export function directoryStore(directory: string): DirectoryStore {
  const fileOf = (key: string) => {
    if (!KEY.test(key)) throw new Error("not an attachment key");
    // Two levels of folders keep any one folder small.
    return path.join(directory, key.slice(0, 2), key);
  };
  return {
    kind: "directory",
    async put(key, data) {
      const file = fileOf(key);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, data, { flag: "wx", mode: 0o600 });
    },
    async get(key) {
      try {
        return await readFile(fileOf(key));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw error;
      }
    },
    async remove(keys) {
      await Promise.all(keys.map((key) => rm(fileOf(key), { force: true })));
    },
    async listOlderThan(time) {
      const keys: string[] = [];
      const folders = await readdir(directory).catch(() => [] as string[]);
      for (const folder of folders) {
        for (const key of await readdir(path.join(directory, folder)).catch(() => [] as string[])) {
          if (KEY.test(key) && (await stat(fileOf(key))).mtime < time) keys.push(key);
        }
      }
      return keys;
    },
  };
}

/** The store new files go to. */
export function attachmentStore(): AttachmentStore {
  const directory = config().attachments.directory;
  return directory ? directoryStore(directory) : databaseStore;
}

/** The store a file was put in (a file stays where it was put when the setting changes). */
export function storeOf(kind: "database" | "directory"): AttachmentStore {
  if (kind === "database") return databaseStore;
  const directory = config().attachments.directory;
  if (!directory) throw new Error("an attachment is kept in a directory, but ATTACHMENTS_DIR is not set");
  return directoryStore(directory);
}
