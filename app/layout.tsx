import type { Metadata, Viewport } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { GetHelp } from "@/components/get-help";
import { SiteFooter } from "@/components/site-footer";
import { SiteHeader } from "@/components/site-header";
import { config } from "@/lib/config";
import "./globals.css";

export async function generateMetadata(): Promise<Metadata> {
  const { portalName, companyName } = config().branding;
  return {
    title: { default: `${portalName} | ${companyName}`, template: `%s | ${portalName}` },
    description: `Sign in to the ${companyName} ${portalName}, reset your password and get help.`,
  };
}

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page is rendered per request: branding is run-time configuration, the header shows the
  // session, and the CSP nonce is new on each response.
  await connection();
  return (
    <html lang="en">
      <body className="flex min-h-screen flex-col">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:bg-white focus:p-2">
          Skip to main content
        </a>
        <SiteHeader />
        <main id="main" className="mx-auto w-full max-w-5xl flex-1 px-4 py-8 sm:px-6">
          {children}
        </main>
        <GetHelp />
        <SiteFooter />
      </body>
    </html>
  );
}
