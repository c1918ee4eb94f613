import type { Metadata, Viewport } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { ClientMessages } from "@/components/client-messages";
import { GetHelp } from "@/components/get-help";
import { SiteFooter } from "@/components/site-footer";
import { SiteHeader } from "@/components/site-header";
import { config } from "@/lib/config";
import { portalNameIn } from "@/lib/i18n/portal-name";
import "./globals.css";

export async function generateMetadata(): Promise<Metadata> {
  const { companyName } = config().branding;
  const portalName = portalNameIn(await getLocale());
  const t = await getTranslations("meta");
  return {
    title: { default: `${portalName} | ${companyName}`, template: `%s | ${portalName}` },
    description: t("description", { companyName, portalName }),
  };
}

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page is rendered per request: branding is run-time configuration, the header shows the
  // session, the language is the visitor's, and the CSP nonce is new on each response.
  await connection();
  const locale = await getLocale();
  const t = await getTranslations("shell");
  return (
    <html lang={locale}>
      <body className="flex min-h-screen flex-col">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:bg-white focus:p-2">
          {t("skipLink")}
        </a>
        {/* Issue 25: the shell's client messages; a route folder's layout sends its forms' own. */}
        <ClientMessages of="shell">
          <SiteHeader />
          <main id="main" className="mx-auto w-full max-w-5xl flex-1 px-4 py-8 sm:px-6">
            {children}
          </main>
          <GetHelp />
          <SiteFooter />
        </ClientMessages>
      </body>
    </html>
  );
}
