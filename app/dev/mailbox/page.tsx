import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { notFound } from "next/navigation";
import { config } from "@/lib/config";
import { LinkedText } from "@/components/linked-text";
import { mailboxFrameDocument, readDevMailbox } from "@/lib/mail/dev-mailbox";
import { readerTimes } from "@/i18n/reader-times";
import { MailHtmlFrame } from "./mail-html-frame";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("devMailbox"))("title") };
}

/** Development only, with no SMTP_URL: the mail the portal sent, so a newcomer can follow reset links. */
export default async function DevMailboxPage() {
  if (!config().mail.devMailbox) notFound();
  const t = await getTranslations("devMailbox");
  const times = await readerTimes();
  const messages = await readDevMailbox();
  return (
    <section aria-labelledby="mailbox-heading" className="space-y-4">
      <h1 id="mailbox-heading" className="text-2xl font-bold">
        {t("title")}
      </h1>
      <p>{t("intro")}</p>
      {messages.length === 0 && <p>{t("empty")}</p>}
      {messages.map((message) => (
        <article key={message.id} className="card space-y-3" aria-label={message.subject}>
          <h2 className="text-lg font-semibold">{message.subject}</h2>
          <p className="text-sm text-slate-700">{t("to", { to: message.to, date: times.time(new Date(message.date)) })}</p>
          <details>
            <summary className="cursor-pointer font-semibold">{t("html")}</summary>
            <MailHtmlFrame title={t("htmlOf", { subject: message.subject })} document={mailboxFrameDocument(message.html)} />
          </details>
          <details open>
            <summary className="cursor-pointer font-semibold">{t("text")}</summary>
            <LinkedText text={message.text} className="mt-2 rounded bg-slate-100 p-3 font-mono text-sm" />
          </details>
        </article>
      ))}
    </section>
  );
}
