"use strict";
/**
 * Issue 26: a form's files, posted without JavaScript (Create Case, a case's reply, the staff case
 * page), are written to disk as they arrive instead of being held in memory.
 *
 * Next.js reads a server action's multipart body whole into memory, and copies it, before the
 * action runs: 8 customers each sending a 10 MB file added ~300 MiB a round. So server/preload.cjs
 * hands such a post here first. The body is streamed through `busboy`; each file part goes
 * straight into a file of its own in a private folder (TCP pushes back on the browser while the
 * disk is slower), and the form's fields are kept in their order. The request Next.js then sees
 * is the same form with each file replaced by a field naming it (`portal-spooled:<token>`), a few
 * hundred bytes, so the server action runs exactly as before: the framework's Origin check
 * (S35), the session, the limits, the type from the bytes, the scan, the kept draft — all in
 * lib/support/attachments/, which reads the file from disk only when its turn in an upload slot
 * comes (lib/support/attachments/form-files.ts). The files are deleted when the response ends.
 *
 * Nothing here decides whether a file is wanted: a token is only a way to the bytes of this one
 * request, bound to its request id, unknown to anyone else and gone with the response.
 */
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { randomBytes } = require("node:crypto");
const Busboy = require("busboy");
// What is decided before a byte of the body is read: preload.cjs asks it through this module.
const { MAX_SPOOLS_IN_FLIGHT, admitForm } = require("./form-admission.cjs");

// Shared with lib/support/attachments/form-files.ts.
const SPOOLED_FILES = Symbol.for("portal.spooledFormFiles");
const SPOOLED_PREFIX = "portal-spooled:";

// ATTACHMENT_MAX_FILES's ceiling is 20: one more is enough for the action to answer "too many".
const MAX_FILES = 21;
// Portal forms have a dozen fields (with a message's upload ids), the longest 20,000 characters.
// Room for far more, so that a hostile form (1,000 upload ids) gets the form's own message.
const MAX_FIELDS = 5000;
const MAX_FIELD_BYTES = 1024 * 1024;

/** @type {Map<string, { path: string, fileName: string, type: string, size: number, requestId: string }>} */
const spooled = (globalThis[SPOOLED_FILES] ??= new Map());

/** The open file of each token, until its request is answered. */
const writing = new Map();

/** The same form with no fields: for a post whose body is not read. */
function emptyForm() {
  return encodeForm([]);
}

/**
 * Review finding F4: a process that crashed never removed its folder. At first use, the folders of
 * this user's processes that are gone are removed (the pid is in the folder's name).
 */
function sweepStaleFolders() {
  const root = os.tmpdir();
  let names;
  try {
    names = fs.readdirSync(root);
  } catch {
    return;
  }
  for (const name of names) {
    const match = /^portal-form-files-(\d+)-/.exec(name);
    if (!match) continue;
    const pid = Number(match[1]);
    if (pid === process.pid || isAlive(pid)) continue;
    const folderPath = path.join(root, name);
    try {
      if (fs.lstatSync(folderPath).uid !== process.getuid?.()) continue;
      fs.rmSync(folderPath, { recursive: true, force: true });
    } catch {
      // Another process swept it first, or it is not ours to remove.
    }
  }
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, another user's.
    return error.code === "EPERM";
  }
}

let folder = null;
/** A folder only this process's user can read, made on first use (under TMPDIR). */
function spoolFolder() {
  if (folder) return folder;
  sweepStaleFolders();
  folder = fs.mkdtempSync(path.join(os.tmpdir(), `portal-form-files-${process.pid}-`));
  fs.chmodSync(folder, 0o700);
  return folder;
}

/** A field's name as a browser writes it in Content-Disposition (the HTML standard's escaping). */
function quoteName(name) {
  return String(name).replace(/\r\n?|\n/g, "%0D%0A").replace(/"/g, "%22");
}

class FormUnreadable extends Error {}

/**
 * Reads the multipart body of `request`, writing each file to disk and its token to `tokens`.
 * Resolves with the form to hand to Next.js (its body and Content-Type); rejects when the body is
 * not a form the portal could take (FormUnreadable) or the connection failed. The caller removes
 * the spooled files with `release(tokens)` when the response ends, whatever happened.
 */
function spoolForm(request, requestId, tokens) {
  return new Promise((resolve, reject) => {
    /** @type {Array<{ name: string, value: string }>} in the order they came */
    const fields = [];
    const writes = [];
    let failed = null;
    const fail = (error) => {
      if (failed) return;
      failed = error;
      request.unpipe();
      request.resume();
      reject(error);
    };

    let parser;
    try {
      parser = Busboy({ headers: request.headers, defParamCharset: "utf8", limits: { fields: MAX_FIELDS, fieldSize: MAX_FIELD_BYTES, files: MAX_FILES } });
    } catch {
      reject(new FormUnreadable("not a multipart form"));
      return;
    }
    parser.on("field", (name, value, info) => {
      if (info.nameTruncated || info.valueTruncated) return fail(new FormUnreadable("a field is too long"));
      // Only this request's own tokens lead anywhere; a client's own "portal-spooled:" value is dropped.
      if (value.startsWith(SPOOLED_PREFIX)) return;
      fields.push({ name, value });
    });
    parser.on("file", (name, stream, info) => {
      const token = randomBytes(18).toString("base64url");
      const file = path.join(spoolFolder(), token);
      const entry = { path: file, fileName: info.filename ?? "", type: info.mimeType ?? "", size: 0, requestId };
      spooled.set(token, entry);
      tokens.push(token);
      fields.push({ name, value: `${SPOOLED_PREFIX}${token}` });
      const out = fs.createWriteStream(file, { flags: "wx", mode: 0o600 });
      writing.set(token, out);
      stream.on("data", (chunk) => {
        entry.size += chunk.length;
      });
      const written = new Promise((done, broke) => {
        out.on("finish", done);
        out.on("error", broke);
        stream.on("error", broke);
      });
      written.catch(fail);
      writes.push(written);
      stream.pipe(out);
    });
    parser.on("fieldsLimit", () => fail(new FormUnreadable("too many fields")));
    parser.on("error", () => fail(new FormUnreadable("the form could not be read")));
    request.on("error", (error) => fail(error));
    request.on("aborted", () => fail(new Error("the browser went away")));
    parser.on("close", () => {
      if (failed) return;
      Promise.all(writes).then(() => {
        if (failed) return;
        // The browser's empty file entry (no file chosen) is not a file.
        const kept = fields.filter(({ value }) => {
          if (!value.startsWith(SPOOLED_PREFIX)) return true;
          const entry = spooled.get(value.slice(SPOOLED_PREFIX.length));
          return entry && !(entry.size === 0 && entry.fileName === "");
        });
        resolve(encodeForm(kept));
      }, fail);
    });
    request.pipe(parser);
  });
}

/** The form's fields as a multipart body under a boundary none of them contains. */
function encodeForm(fields) {
  let boundary;
  do boundary = `----portal-form-${randomBytes(12).toString("hex")}`;
  while (fields.some(({ value }) => value.includes(boundary)));
  const parts = fields.map(({ name, value }) => `--${boundary}\r\nContent-Disposition: form-data; name="${quoteName(name)}"\r\n\r\n${value}\r\n`);
  return { body: Buffer.from(`${parts.join("")}--${boundary}--\r\n`, "utf8"), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Deletes a request's spooled files; their tokens lead nowhere from now on. */
function release(tokens) {
  for (const token of tokens) {
    const entry = spooled.get(token);
    if (!entry) continue;
    spooled.delete(token);
    // Note: at once, not later: an unlink costs nothing, and the file must not outlive its request.
    fs.rmSync(entry.path, { force: true });
    const out = writing.get(token);
    writing.delete(token);
    // A file still being written (the body broke off) is opened asynchronously: remove it once closed.
    if (out && !out.closed) out.destroy().once("close", () => fs.rmSync(entry.path, { force: true }));
  }
}

module.exports = { FormUnreadable, MAX_SPOOLS_IN_FLIGHT, SPOOLED_PREFIX, admitForm, emptyForm, release, spoolFolder, spoolForm, sweepStaleFolders };
