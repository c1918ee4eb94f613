import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import sharp from "sharp";
import { advanceClock, DAY, resetClock } from "@/lib/clock";
import { reloadConfig } from "@/lib/config";
import { db } from "@/lib/db";
import { attachmentBlobs, caseAttachments, customers } from "@/lib/db/schema";
import { backgroundWork } from "@/lib/server/background-work";
import { listCaseAttachments, openAttachment, pruneOrphanAttachments, readUploads } from "@/lib/support/attachments/attachments";
import { takeMessageFiles } from "@/lib/support/attachments/message-files";
import { BLOB_PART_BYTES, databaseStore } from "@/lib/support/attachments/storage";
import { addInternalNote, replyToCustomer } from "@/lib/support/case-conversation";
import { replyAsCustomer } from "@/lib/support/customer-replies";
import { createCase } from "@/lib/support/cases";
import { makeCustomer } from "../support/customers";
import { withSmtpReceiver } from "../support/mail";
import { makeStaffMember, staffActor } from "../support/staff";
import { testDatabaseLabel, withTestDatabase } from "../support/test-database";

/** Issue 26: files on a case — limits, type from the bytes, images re-encoded, access, orphans. */
withTestDatabase();
const receiver = withSmtpReceiver();

const MB = 1024 * 1024;
const aCase = { subject: "The meter display is broken", category: "not-working" as const, description: "The display shows nothing since the storm last night." };

/** The bytes of a Buffer as a File part (a Buffer may sit on a shared pool). */
const bytes = (data: Buffer | string) => (typeof data === "string" ? data : new Uint8Array(data));

function formWith(files: File[]): FormData {
  const data = new FormData();
  data.append("text", "Here is a photo.");
  for (const file of files) data.append("files", file);
  return data;
}

/** A phone photo: a JPEG whose EXIF holds a camera and a GPS position. */
async function phonePhoto(): Promise<Buffer> {
  return sharp({ create: { width: 64, height: 48, channels: 3, background: "#3366aa" } })
    .jpeg()
    .withExif({ IFD0: { Make: "PhoneMaker", Model: "Phone 15" }, IFD3: { GPSLatitudeRef: "N", GPSLatitude: "43/1 4/1 0/1", GPSLongitudeRef: "W", GPSLongitude: "89/1 24/1 0/1" } })
    .toBuffer();
}

const pdf = () => new File([bytes(Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"))], "invoice.pdf", { type: "application/pdf" });

afterEach(() => {
  resetClock();
  delete process.env.ATTACHMENT_MAX_FILE_MB;
  delete process.env.ATTACHMENTS_DIR;
  reloadConfig();
});

describe(`attachments on a case, on ${testDatabaseLabel()}`, () => {
  it("a phone photo is re-encoded without its EXIF and GPS position, gets a thumbnail, and the mail names it without carrying it", async () => {
    const customer = await makeCustomer();
    const photo = await phonePhoto();
    expect((await sharp(photo).metadata()).exif).toBeDefined();
    const files = await takeMessageFiles(customer, formWith([new File([bytes(photo)], "IMG_0042.jpg", { type: "image/jpeg" })]));
    expect(files.status).toBe("accepted");
    const ids = files.status === "accepted" ? files.ids : [];
    const before = receiver.messages.length;
    const created = await createCase(customer, aCase, "en", ids);

    const [shown] = await listCaseAttachments(created.id, { includeInternal: false });
    expect(shown).toMatchObject({ fileName: "IMG_0042.jpg", contentType: "image/jpeg", image: true, eventId: null });
    const opened = await openAttachment({ customerId: customer.id, staff: false }, shown.id, "file");
    const metadata = await sharp(opened!.data).metadata();
    expect(metadata.exif).toBeUndefined();
    expect(opened!.data.includes(Buffer.from("PhoneMaker"))).toBe(false);
    expect(metadata).toMatchObject({ format: "jpeg", width: 64, height: 48 });
    const thumbnail = await openAttachment({ customerId: customer.id, staff: false }, shown.id, "thumbnail");
    expect(thumbnail!.contentType).toBe("image/webp");

    await backgroundWork().run();
    const mail = await receiver.waitFor((message) => message.envelopeTo.includes(customer.email) && receiver.messages.indexOf(message) >= before);
    expect(mail.text).toContain("IMG_0042.jpg");
    expect(mail.attachments).toHaveLength(0);
  });

  it("an iPhone's HEIC photo (HEVC inside) becomes a JPEG without its EXIF and GPS position", async () => {
    // tests/fixtures/attachments/phone-photo.heic: a 64×48 JPEG with a camera and a GPS position in
    // its EXIF, encoded by Debian's libheif (heif-enc 1.15.1, x265), which carries the EXIF over.
    const heic = await readFile(path.join(__dirname, "../fixtures/attachments/phone-photo.heic"));
    expect(heic.subarray(4, 12).toString("latin1")).toBe("ftypheic");
    expect(heic.includes(Buffer.from("PhoneMaker"))).toBe(true);
    const customer = await makeCustomer();
    const files = await takeMessageFiles(customer, formWith([new File([bytes(heic)], "IMG_0043.HEIC", { type: "image/heic" })]));
    expect(files.status).toBe("accepted");
    const created = await createCase(customer, aCase, "en", files.status === "accepted" ? files.ids : []);
    const [shown] = await listCaseAttachments(created.id, { includeInternal: false });
    expect(shown).toMatchObject({ fileName: "IMG_0043.HEIC", contentType: "image/jpeg", image: true });
    const opened = await openAttachment({ customerId: customer.id, staff: false }, shown.id, "file");
    const metadata = await sharp(opened!.data).metadata();
    expect(metadata).toMatchObject({ format: "jpeg", width: 64, height: 48 });
    expect(metadata.exif).toBeUndefined();
    expect(opened!.data.includes(Buffer.from("PhoneMaker"))).toBe(false);
    // The colour survived the trip (the fixture is one flat #3366aa).
    const { dominant } = await sharp(opened!.data).stats();
    expect(Math.abs(dominant.r - 0x33) + Math.abs(dominant.g - 0x66) + Math.abs(dominant.b - 0xaa)).toBeLessThan(48);
  });

  it("the type is decided from the bytes: a renamed executable, an SVG with script and a broken image are refused by name", async () => {
    const customer = await makeCustomer();
    const executable = new File([bytes(Buffer.concat([Buffer.from("MZ"), Buffer.alloc(200, 0x90)]))], "photo.jpg", { type: "image/jpeg" });
    expect(await takeMessageFiles(customer, formWith([executable]))).toEqual({ status: "refused", reason: "type", fileName: "photo.jpg" });
    const svg = new File([bytes('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')], "chart.png", { type: "image/png" });
    expect(await takeMessageFiles(customer, formWith([svg]))).toMatchObject({ status: "refused", reason: "type" });
    const brokenPng = new File([bytes(Buffer.concat([Buffer.from("89504e470d0a1a0a0000000d49484452", "hex"), Buffer.alloc(40, 7)]))], "screen.png");
    expect(await takeMessageFiles(customer, formWith([brokenPng]))).toMatchObject({ status: "refused", reason: "unreadable_image", fileName: "screen.png" });
    // Nothing of a refused message is kept.
    expect(await (await db()).select().from(caseAttachments).where(eq(caseAttachments.uploadedBy, customer.id))).toEqual([]);
  });

  it("a polyglot image (a PNG with a ZIP behind it) loses everything after the image", async () => {
    const customer = await makeCustomer();
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: "#fff" } }).png().toBuffer();
    const zip = Buffer.concat([Buffer.from("504b0304", "hex"), Buffer.from("payload.exe secret")]);
    const files = await takeMessageFiles(customer, formWith([new File([bytes(Buffer.concat([png, zip]))], "poly.png")]));
    expect(files.status).toBe("accepted");
    const created = await createCase(customer, aCase, "en", files.status === "accepted" ? files.ids : []);
    const [shown] = await listCaseAttachments(created.id, { includeInternal: false });
    const opened = await openAttachment({ customerId: customer.id, staff: false }, shown.id, "file");
    expect(opened!.data.includes(Buffer.from("payload.exe"))).toBe(false);
  });

  it("an image decompression bomb (a tiny file claiming a huge canvas) is refused without being decoded", async () => {
    const customer = await makeCustomer();
    const bomb = await sharp({ create: { width: 8_000, height: 8_000, channels: 3, background: "#000" } }).png({ compressionLevel: 9 }).toBuffer();
    expect(bomb.length).toBeLessThan(MB);
    expect(await takeMessageFiles(customer, formWith([new File([bytes(bomb)], "bomb.png")]))).toMatchObject({ status: "refused", reason: "unreadable_image" });
  });

  it("PDF, plain text and CSV are accepted and kept byte for byte", async () => {
    const customer = await makeCustomer();
    const csv = new File(["date,reading\n2026-11-01,4211\n"], "readings.csv");
    const text = new File(["Error 0x80070005 at 10:42\n"], "error.txt");
    const files = await takeMessageFiles(customer, formWith([pdf(), csv, text]));
    expect(files.status).toBe("accepted");
    const created = await createCase(customer, aCase, "en", files.status === "accepted" ? files.ids : []);
    const shown = await listCaseAttachments(created.id, { includeInternal: false });
    expect(shown.map((file) => [file.fileName, file.contentType, file.image])).toEqual(
      expect.arrayContaining([
        ["invoice.pdf", "application/pdf", false],
        ["readings.csv", "text/csv", false],
        ["error.txt", "text/plain", false],
      ]),
    );
    const csvRow = shown.find((file) => file.fileName === "readings.csv")!;
    expect((await openAttachment({ customerId: customer.id, staff: false }, csvRow.id, "file"))!.data.toString()).toBe("date,reading\n2026-11-01,4211\n");
  });

  it("limits: 10 MB a file (10 MB + 1 byte is refused), 5 files, 25 MB a message, all from settings", async () => {
    const exactly = new File([bytes(Buffer.alloc(10 * MB))], "a.pdf");
    const oneByteMore = new File([bytes(Buffer.alloc(10 * MB + 1))], "big.pdf");
    expect(await readUploads(formWith([exactly]))).toMatchObject({ ok: true });
    expect(await readUploads(formWith([oneByteMore]))).toEqual({ ok: false, reason: "too_large", fileName: "big.pdf" });
    const six = Array.from({ length: 6 }, (_, index) => new File(["x"], `${index}.txt`));
    expect(await readUploads(formWith(six))).toEqual({ ok: false, reason: "too_many" });
    const thousand = Array.from({ length: 1000 }, (_, index) => new File(["x"], `${index}.txt`));
    expect(await readUploads(formWith(thousand))).toEqual({ ok: false, reason: "too_many" });
    const three = Array.from({ length: 3 }, (_, index) => new File([bytes(Buffer.alloc(9 * MB))], `${index}.pdf`));
    expect(await readUploads(formWith(three))).toEqual({ ok: false, reason: "message_too_large" });
    process.env.ATTACHMENT_MAX_FILE_MB = "1";
    reloadConfig();
    expect(await readUploads(formWith([new File([bytes(Buffer.alloc(MB + 1))], "c.pdf")]))).toMatchObject({ ok: false, reason: "too_large" });
    // A form sent without a file chosen carries one empty, nameless entry: that is no file.
    expect(await readUploads(formWith([new File([], "")]))).toEqual({ ok: true, files: [] });
  });

  it("downloads: the case's customer and the support team only; another customer gets nothing, as for an unknown id", async () => {
    const customer = await makeCustomer();
    const stranger = await makeCustomer();
    const agent = await makeStaffMember("agent");
    const files = await takeMessageFiles(customer, formWith([pdf()]));
    const created = await createCase(customer, aCase, "en", files.status === "accepted" ? files.ids : []);
    const [shown] = await listCaseAttachments(created.id, { includeInternal: false });
    expect(await openAttachment({ customerId: customer.id, staff: false }, shown.id, "file")).not.toBeNull();
    expect(await openAttachment({ customerId: agent.id, staff: true }, shown.id, "file")).not.toBeNull();
    expect(await openAttachment({ customerId: stranger.id, staff: false }, shown.id, "file")).toBeNull();
    expect(await openAttachment({ customerId: customer.id, staff: false }, "00000000-0000-4000-8000-000000000000", "file")).toBeNull();
    expect(await openAttachment({ customerId: customer.id, staff: false }, "../../etc/passwd", "file")).toBeNull();
    // A PDF has no thumbnail.
    expect(await openAttachment({ customerId: customer.id, staff: false }, shown.id, "thumbnail")).toBeNull();
  });

  it("a file on an internal note is the support team's only; staff replies carry files to the customer", async () => {
    const customer = await makeCustomer();
    const agent = await makeStaffMember("agent");
    const created = await createCase(customer, aCase, "en");
    const noteFiles = await takeMessageFiles(agent, formWith([new File(["internal analysis"], "analysis.txt")]));
    await addInternalNote(agent, created.id, "See the analysis.", staffActor(agent), noteFiles.status === "accepted" ? noteFiles.ids : []);
    const replyFiles = await takeMessageFiles(agent, formWith([pdf()]));
    await replyToCustomer(agent, created.id, "Here is the corrected invoice.", { waitingForYou: false, attachmentIds: replyFiles.status === "accepted" ? replyFiles.ids : [] }, staffActor(agent));

    const forCustomer = await listCaseAttachments(created.id, { includeInternal: false });
    expect(forCustomer.map((file) => file.fileName)).toEqual(["invoice.pdf"]);
    const forStaff = await listCaseAttachments(created.id, { includeInternal: true });
    expect(forStaff.map((file) => file.fileName).sort()).toEqual(["analysis.txt", "invoice.pdf"]);
    const note = forStaff.find((file) => file.fileName === "analysis.txt")!;
    expect(await openAttachment({ customerId: customer.id, staff: false }, note.id, "file")).toBeNull();
  });

  it("another customer's uploads cannot be attached to your message", async () => {
    const owner = await makeCustomer();
    const thief = await makeCustomer();
    const files = await takeMessageFiles(owner, formWith([pdf()]));
    const created = await createCase(thief, aCase, "en");
    await replyAsCustomer(thief, created.id, "Look at this file.", files.status === "accepted" ? files.ids : []);
    expect(await listCaseAttachments(created.id, { includeInternal: true })).toEqual([]);
  });

  it("two replies sent at once with the same uploads attach them to one reply only", async () => {
    const customer = await makeCustomer();
    const created = await createCase(customer, aCase, "en");
    const files = await takeMessageFiles(customer, formWith([pdf()]));
    const ids = files.status === "accepted" ? files.ids : [];
    await Promise.all([replyAsCustomer(customer, created.id, "First try.", ids), replyAsCustomer(customer, created.id, "Second try.", ids)]);
    const attached = await listCaseAttachments(created.id, { includeInternal: false });
    expect(attached).toHaveLength(1);
  });

  it("an upload never sent is removed with its bytes after a day; sent files stay", async () => {
    const customer = await makeCustomer();
    const sent = await takeMessageFiles(customer, formWith([pdf()]));
    await createCase(customer, aCase, "en", sent.status === "accepted" ? sent.ids : []);
    const orphan = await takeMessageFiles(customer, formWith([new File(["never sent"], "draft.txt")]));
    expect(orphan.status).toBe("accepted");
    const mine = async () => (await db()).select().from(caseAttachments).where(eq(caseAttachments.uploadedBy, customer.id));
    const [draft] = (await mine()).filter((row) => row.fileName === "draft.txt");
    await pruneOrphanAttachments();
    expect(await mine()).toHaveLength(2);
    advanceClock(DAY + 60_000);
    await pruneOrphanAttachments();
    const left = await mine();
    expect(left.map((row) => row.fileName)).toEqual(["invoice.pdf"]);
    const blobOf = async (key: string) => (await db()).select({ key: attachmentBlobs.key }).from(attachmentBlobs).where(eq(attachmentBlobs.key, key));
    expect(await blobOf(draft.storageKey)).toEqual([]);
    expect(await blobOf(left[0].storageKey)).toHaveLength(1);
  });

  it("a file kept in the database is written in pieces of 256 KiB and read back byte for byte", async () => {
    const customer = await makeCustomer();
    // 2.5 pieces' worth plus one byte: the last piece is short. Varied bytes catch a piece out of order.
    const log = Buffer.alloc(Math.floor(2.5 * BLOB_PART_BYTES) + 1);
    for (let at = 0; at < log.length; at += 1) log[at] = 0x20 + ((at * 7 + Math.floor(at / BLOB_PART_BYTES)) % 90);
    const files = await takeMessageFiles(customer, formWith([new File([bytes(log)], "meter.log.txt", { type: "text/plain" })]));
    const created = await createCase(customer, aCase, "en", files.status === "accepted" ? files.ids : []);
    const [shown] = await listCaseAttachments(created.id, { includeInternal: false });
    const [row] = await (await db()).select().from(caseAttachments).where(eq(caseAttachments.id, shown.id));
    const pieces = await (await db()).select({ part: attachmentBlobs.part, data: attachmentBlobs.data }).from(attachmentBlobs).where(eq(attachmentBlobs.key, row.storageKey));
    expect(pieces.map((piece) => [piece.part, piece.data.length]).sort((a, b) => a[0] - b[0])).toEqual([
      [0, BLOB_PART_BYTES],
      [1, BLOB_PART_BYTES],
      [2, BLOB_PART_BYTES / 2 + 1],
    ]);
    expect((await openAttachment({ customerId: customer.id, staff: false }, shown.id, "file"))!.data.equals(log)).toBe(true);
    // 17 pieces: more than one read's worth (8), and not a multiple of it.
    const large = Buffer.alloc(16 * BLOB_PART_BYTES + 5, 0x61);
    large.write("first", 0);
    large.write("last!", large.length - 5);
    await databaseStore.put("k".repeat(24), large, { attachmentId: shown.id });
    expect((await databaseStore.get("k".repeat(24)))!.equals(large)).toBe(true);
    expect(await databaseStore.get("m".repeat(24))).toBeNull();
  });

  it("deleting a customer's data deletes their cases' files and the bytes kept in the database", async () => {
    const customer = await makeCustomer();
    const files = await takeMessageFiles(customer, formWith([pdf()]));
    await createCase(customer, aCase, "en", files.status === "accepted" ? files.ids : []);
    const [row] = await (await db()).select().from(caseAttachments).where(eq(caseAttachments.uploadedBy, customer.id));
    await (await db()).delete(customers).where(eq(customers.id, customer.id));
    expect(await (await db()).select().from(caseAttachments).where(eq(caseAttachments.id, row.id))).toEqual([]);
    expect(await (await db()).select().from(attachmentBlobs).where(eq(attachmentBlobs.key, row.storageKey))).toEqual([]);
  });

  it("with ATTACHMENTS_DIR the bytes live in that directory, and an orphan's file is removed from it", async () => {
    const directory = await mkdtemp(path.join(tmpdir(), "portal-attachments-"));
    try {
      process.env.ATTACHMENTS_DIR = directory;
      reloadConfig();
      const customer = await makeCustomer();
      const files = await takeMessageFiles(customer, formWith([new File(["kept on disk"], "disk.txt")]));
      const ids = files.status === "accepted" ? files.ids : [];
      const [row] = await (await db()).select().from(caseAttachments).where(eq(caseAttachments.id, ids[0]));
      expect(row.storage).toBe("directory");
      expect(await (await db()).select().from(attachmentBlobs).where(eq(attachmentBlobs.key, row.storageKey))).toEqual([]);
      const created = await createCase(customer, aCase, "en", ids);
      const [shown] = await listCaseAttachments(created.id, { includeInternal: false });
      expect((await openAttachment({ customerId: customer.id, staff: false }, shown.id, "file"))!.data.toString()).toBe("kept on disk");

      await takeMessageFiles(customer, formWith([new File(["orphan on disk"], "orphan.txt")]));
      // A case deleted with its customer: the rows go, and housekeeping removes the file on disk.
      const other = await makeCustomer();
      const gone = await takeMessageFiles(other, formWith([new File(["deleted with the case"], "gone.txt")]));
      await createCase(other, aCase, "en", gone.status === "accepted" ? gone.ids : []);
      await (await db()).delete(customers).where(eq(customers.id, other.id));
      advanceClock(DAY + 60_000);
      await pruneOrphanAttachments();
      const onDisk = (await Promise.all((await readdir(directory)).map((folder) => readdir(path.join(directory, folder))))).flat();
      expect(onDisk).toEqual([row.storageKey]);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
