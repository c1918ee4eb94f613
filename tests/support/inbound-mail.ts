import { randomUUID } from "node:crypto";

/**
 * Issue 28: replies as common mail clients write them (made for these tests, not copied from
 * anyone's mail): the customer's new text above the client's own quoting of the case mail.
 */

export type Reply = { from: string; to: string; subject?: string; headers?: Record<string, string> };

function message(reply: Reply, contentType: string, body: string): Buffer {
  const headers: Record<string, string> = {
    From: reply.from,
    To: reply.to,
    Subject: reply.subject ?? "Re: Case update",
    Date: "Sun, 06 Dec 2026 05:00:00 +0000",
    "Message-ID": `<${randomUUID()}@mail.example.test>`,
    "MIME-Version": "1.0",
    "Content-Type": contentType,
    ...reply.headers,
  };
  const head = Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}`)
    .join("\r\n");
  return Buffer.from(`${head}\r\n\r\n${body.replace(/\r?\n/g, "\r\n")}`);
}

const QUOTED_CASE_MAIL = "Hello Ana,\n\nWe have looked at the reading.\n\nCustomer support";

/** Gmail, English: "On <date>, <sender> wrote:" above ">" quoting; text and HTML parts. */
export function gmailReply(reply: Reply, text: string): Buffer {
  const boundary = "000000000000gmail0boundary";
  const quoted = QUOTED_CASE_MAIL.split("\n").map((line) => `> ${line}`).join("\n");
  return message(
    reply,
    `multipart/alternative; boundary="${boundary}"`,
    `--${boundary}\nContent-Type: text/plain; charset="UTF-8"\n\n${text}\n\nOn Sun, Dec 6, 2026 at 4:50 AM Customer Support <support@example.test> wrote:\n\n${quoted}\n\n--${boundary}\nContent-Type: text/html; charset="UTF-8"\n\n<div dir="ltr">${text}</div><br><div class="gmail_quote"><div class="gmail_attr">On Sun, Dec 6, 2026 at 4:50 AM Customer Support &lt;support@example.test&gt; wrote:<br></div><blockquote class="gmail_quote">Hello Ana,</blockquote></div>\n--${boundary}--\n`,
  );
}

/** Outlook, Spanish: a "De: / Enviado: / Para: / Asunto:" block under a rule, no quoting marks, quoted-printable. */
export function outlookReplySpanish(reply: Reply, text: string): Buffer {
  const body = `${text}\n\n________________________________\nDe: Atención al cliente <support@example.test>\nEnviado: domingo, 6 de diciembre de 2026 4:50\nPara: Ana Pérez <ana@example.test>\nAsunto: Caso 12: atención al cliente le ha respondido\n\nHola Ana,\n\nHemos revisado la lectura.\n`;
  const quotedPrintable = body.replace(/[^\n\x20-\x7e]|=/g, (character) => [...Buffer.from(character)].map((byte) => `=${byte.toString(16).toUpperCase().padStart(2, "0")}`).join(""));
  return message({ ...reply, headers: { "Content-Transfer-Encoding": "quoted-printable", ...reply.headers } }, 'text/plain; charset="utf-8"', quotedPrintable);
}

/** Apple Mail, Spanish: "El <fecha>, <remitente> escribió:" and ">" quoting, with a signature. */
export function appleMailReplySpanish(reply: Reply, text: string): Buffer {
  const quoted = "Hola Ana,\n\nHemos revisado la lectura.".split("\n").map((line) => `> ${line}`).join("\n");
  return message(reply, 'text/plain; charset="utf-8"', `${text}\n\nEnviado desde mi iPhone\n\n> El 6 dic 2026, a las 4:50, Atención al cliente <support@example.test> escribió:\n> \n${quoted}\n`);
}

/** Apple Mail, English: "On <date>, at <time>, <sender> wrote:" quoting. */
export function appleMailReply(reply: Reply, text: string): Buffer {
  return message(reply, 'text/plain; charset="us-ascii"', `${text}\n\n> On 6 Dec 2026, at 04:50, Customer Support <support@example.test> wrote:\n> \n> Hello Ana,\n`);
}

/** An out-of-office answer as Exchange sends it (RFC 3834 header and the client's flag). */
export function outOfOffice(reply: Reply): Buffer {
  return message({ ...reply, subject: "Automatic reply: Case update", headers: { "Auto-Submitted": "auto-replied", "X-Auto-Response-Suppress": "All" } }, "text/plain; charset=utf-8", "I am out of the office until Monday.\n");
}

/** A delivery status notification (RFC 3464) from the mail server. */
export function bounce(reply: Reply): Buffer {
  const boundary = "dsn-boundary";
  return message(
    { ...reply, from: "Mail Delivery System <MAILER-DAEMON@mail.example.test>", subject: "Undelivered Mail Returned to Sender" },
    `multipart/report; report-type=delivery-status; boundary="${boundary}"`,
    `--${boundary}\nContent-Type: text/plain\n\nThis is the mail system. Your message could not be delivered.\n\n--${boundary}\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mail.example.test\n\nFinal-Recipient: rfc822; nobody@example.test\nAction: failed\nStatus: 5.1.1\n\n--${boundary}--\n`,
  );
}

/** A plain reply with extra headers and a body as given (for the malformed and spoofed cases). */
export function plainReply(reply: Reply, body: string, contentType = "text/plain; charset=utf-8"): Buffer {
  return message(reply, contentType, body);
}

export type MailFile = { fileName: string; contentType: string; data: Buffer };

const A_PDF: MailFile = { fileName: "bill.pdf", contentType: "application/pdf", data: Buffer.from("%PDF-1.4\n%\xc7\xec\x8f\xa2\n", "latin1") };

function base64Lines(data: Buffer): string {
  return (data.toString("base64").match(/.{1,76}/g) ?? []).join("\n");
}

/** A reply with attachments (base64), as every client sends a file; a PDF when none is given. */
export function replyWithAttachment(reply: Reply, text: string, files: MailFile[] = [A_PDF]): Buffer {
  const boundary = "attachment-boundary";
  const parts = files.map(
    (file) => `--${boundary}\nContent-Type: ${file.contentType}; name="${file.fileName}"\nContent-Disposition: attachment; filename="${file.fileName}"\nContent-Transfer-Encoding: base64\n\n${base64Lines(file.data)}\n`,
  );
  return message(reply, `multipart/mixed; boundary="${boundary}"`, `--${boundary}\nContent-Type: text/plain; charset=utf-8\n\n${text}\n\n${parts.join("")}--${boundary}--\n`);
}

/**
 * Apple Mail, English, with a photo pasted into the text: multipart/alternative inside
 * multipart/related, the image inline (Content-ID), plus a PDF attached — the way iOS sends both.
 */
export function appleMailReplyWithInlineImage(reply: Reply, text: string, image: MailFile, attachment: MailFile = A_PDF): Buffer {
  const mixed = "Apple-Mail-mixed";
  const related = "Apple-Mail-related";
  const alternative = "Apple-Mail-alternative";
  const quoted = "> On 6 Dec 2026, at 04:50, Customer Support <support@example.test> wrote:\n> \n> Hello Ana,\n";
  return message(
    reply,
    `multipart/mixed; boundary="${mixed}"`,
    [
      `--${mixed}\nContent-Type: multipart/related; type="multipart/alternative"; boundary="${related}"\n\n`,
      `--${related}\nContent-Type: multipart/alternative; boundary="${alternative}"\n\n`,
      `--${alternative}\nContent-Type: text/plain; charset=utf-8\n\n${text}\n\n${quoted}\n`,
      `--${alternative}\nContent-Type: text/html; charset=utf-8\n\n<html><body><div>${text}</div><img src="cid:photo@example.test"><blockquote type="cite">Hello Ana,</blockquote></body></html>\n`,
      `--${alternative}--\n`,
      `--${related}\nContent-Type: ${image.contentType}; name="${image.fileName}"\nContent-Disposition: inline; filename="${image.fileName}"\nContent-ID: <photo@example.test>\nContent-Transfer-Encoding: base64\n\n${base64Lines(image.data)}\n`,
      `--${related}--\n`,
      `--${mixed}\nContent-Type: ${attachment.contentType}; name="${attachment.fileName}"\nContent-Disposition: attachment; filename="${attachment.fileName}"\nContent-Transfer-Encoding: base64\n\n${base64Lines(attachment.data)}\n`,
      `--${mixed}--\n`,
    ].join(""),
  );
}

/** Gmail, Spanish: "El <fecha>, <remitente> escribió:" above ">" quoting. */
export function gmailReplySpanish(reply: Reply, text: string): Buffer {
  const quoted = "Hola Ana,\n\nHemos revisado la lectura.\n\nAtención al cliente".split("\n").map((line) => `> ${line}`).join("\n");
  return message(reply, 'text/plain; charset="UTF-8"', `${text}\n\nEl dom, 6 dic 2026 a las 4:50, Atención al cliente (<support@example.test>) escribió:\n\n${quoted}\n`);
}

/** Outlook, English: a "From: / Sent: / To: / Subject:" block under a rule, no quoting marks. */
export function outlookReply(reply: Reply, text: string): Buffer {
  return message(
    reply,
    'text/plain; charset="us-ascii"',
    `${text}\n\n________________________________\nFrom: Customer Support <support@example.test>\nSent: Sunday, December 6, 2026 4:50 AM\nTo: Ana Perez <ana@example.test>\nSubject: Case 12: the support team answered\n\nHello Ana,\n\nWe have looked at the reading.\n`,
  );
}

/** A vacation responder that sets no RFC 3834 header: only its subject and its own flag say what it is. */
export function vacationResponder(reply: Reply): Buffer {
  return message({ ...reply, subject: "Out of Office: Re: Case update", headers: { "X-Autoreply": "yes" } }, "text/plain; charset=utf-8", "I am away until Monday and will answer then.\n");
}

/** A multipart mail with `count` parts, a 0-byte one among them. */
export function manyParts(reply: Reply, text: string, count: number): Buffer {
  const boundary = "many-parts";
  const parts = [`--${boundary}\nContent-Type: text/plain; charset=utf-8\n\n${text}\n`, `--${boundary}\nContent-Type: text/plain; charset=utf-8\n\n`];
  for (let index = 2; index < count; index++) parts.push(`--${boundary}\nContent-Type: application/octet-stream\nContent-Disposition: attachment; filename="p${index}.bin"\n\nx\n`);
  return message(reply, `multipart/mixed; boundary="${boundary}"`, `${parts.join("")}--${boundary}--\n`);
}
