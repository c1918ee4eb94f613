"use client";

import Link from "next/link";
import { GLOBAL_ERROR_WORDS } from "@/lib/i18n/global-error-words";
import "./globals.css";

/**
 * When the root layout itself fails (issue 26): this page replaces it, html and body included, so
 * it cannot read the visitor's language or the portal's settings. It says the same thing in every
 * language of the portal, each part marked with its own language, and works without JavaScript
 * (its buttons are plain links).
 */
export default function GlobalError() {
  const languages = Object.entries(GLOBAL_ERROR_WORDS);
  return (
    <html lang="en">
      <head>
        <title>{languages.map(([, words]) => words.title).join(" · ")}</title>
      </head>
      <body className="flex min-h-screen flex-col">
        <div aria-hidden="true" className="h-14 bg-brand-900" />
        <main id="main" className="mx-auto w-full max-w-3xl flex-1 space-y-6 px-4 py-8 sm:px-6">
          {languages.map(([locale, words], index) => (
            <section key={locale} lang={locale} aria-labelledby={`error-heading-${locale}`} className="card space-y-4">
              {index === 0 ? (
                <h1 id={`error-heading-${locale}`} className="text-2xl font-bold">
                  {words.title}
                </h1>
              ) : (
                <h2 id={`error-heading-${locale}`} className="text-2xl font-bold">
                  {words.title}
                </h2>
              )}
              <p>{words.text}</p>
              <div className="flex flex-wrap gap-3">
                {/* A fresh load of this address (works without JavaScript), then the main page. */}
                <a href="" className="button-primary">
                  {words.retry}
                </a>
                <Link href="/" className="button-secondary">
                  {words.home}
                </Link>
              </div>
            </section>
          ))}
        </main>
      </body>
    </html>
  );
}
