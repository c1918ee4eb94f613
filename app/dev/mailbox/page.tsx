import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { config } from "@/lib/config";
import { readDevMailbox } from "@/lib/mail/dev-mailbox";

export const metadata: Metadata = { title: "Dev mailbox" };

/** Development only, with no SMTP_URL: the mail the portal sent, so a newcomer can follow reset links. */
export default async function DevMailboxPage() {
  if (!config().mail.devMailbox) notFound();
  const messages = await readDevMailbox();
  return (
    <section aria-labelledby="mailbox-heading" className="space-y-4">
      <h1 id="mailbox-heading" className="text-2xl font-bold">
        Dev mailbox
      </h1>
      <p>Mail the portal sent while running without SMTP_URL, newest first. This page does not exist in production.</p>
      {messages.length === 0 && <p>No mail yet.</p>}
      {messages.map((message) => (
        <article key={message.id} className="card space-y-3" aria-label={message.subject}>
          <h2 className="text-lg font-semibold">{message.subject}</h2>
          <p className="text-sm text-slate-700">
            To {message.to} · {new Date(message.date).toUTCString()}
          </p>
          <details>
            <summary className="cursor-pointer font-semibold">HTML</summary>
            <iframe title={`HTML of ${message.subject}`} srcDoc={message.html} sandbox="" className="mt-2 h-[32rem] w-full border" />
          </details>
          <details open>
            <summary className="cursor-pointer font-semibold">Text</summary>
            <pre className="mt-2 overflow-x-auto whitespace-pre-wrap break-words rounded bg-slate-100 p-3 text-sm">{message.text}</pre>
          </details>
        </article>
      ))}
    </section>
  );
}
