import { config } from "@/lib/config";
import { messagesFor, type Locale } from "@/lib/i18n/locales";

/**
 * The portal's name as a reader of `locale` sees it in pages and mail (issue 30). PORTAL_NAME, when
 * the operator sets one, is a brand and reads the same in every language; unset, each catalog names
 * the portal in its own words (`meta.portalName`: "Customer Portal", "Portal de clientes").
 * Where one name must serve every language (an authenticator app's account, a passkey's site, the
 * mail's sender) `config().branding.portalName` is used as before.
 */
export function portalNameIn(locale: Locale): string {
  return config().branding.chosenPortalName ?? ((messagesFor(locale).meta as { portalName: string }).portalName);
}
