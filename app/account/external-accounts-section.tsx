import { getTranslations } from "next-intl/server";
import { CardSection } from "@/components/card-section";
import { Notice } from "@/components/notice";
import { linkedProviders } from "@/lib/auth/external-sign-in";
import { config } from "@/lib/config";
import { connectProviderAction, disconnectProviderAction } from "./actions";

/** Whether the section is shown: a provider is configured, or the customer still has one connected. */
export async function hasExternalAccountsSection(customerId: string): Promise<boolean> {
  return config().externalSignIn.providers.length > 0 || (await linkedProviders(customerId)).length > 0;
}

/** External accounts the customer may sign in with: connect, or disconnect unless it is the last way in. */
export async function ExternalAccountsSection({ customerId, refused }: { customerId: string; refused: "last_method" | "not_connected" | null }) {
  const t = await getTranslations("account");
  const providers = config().externalSignIn.providers;
  const linked = await linkedProviders(customerId);
  if (providers.length === 0 && linked.length === 0) return null;
  return (
    <CardSection headingId="external-heading" heading={t("externalHeading")} gap={4}>
      {refused && <Notice tone="danger">{t(`refused.${refused}`)}</Notice>}
      <ul className="space-y-3">
        {providers.map((provider) => {
          const connected = linked.includes(provider.id);
          return (
            <li key={provider.id} className="flex flex-wrap items-center justify-between gap-3">
              <span>{t(connected ? "connected" : "notConnected", { provider: provider.name })}</span>
              <form action={connected ? disconnectProviderAction : connectProviderAction}>
                <input type="hidden" name="provider" value={provider.id} />
                <button type="submit" className="button-secondary">
                  {t.rich(connected ? "disconnect" : "connect", {
                    provider: provider.name,
                    hidden: (chunks) => <span className="sr-only">{chunks}</span>,
                  })}
                </button>
              </form>
            </li>
          );
        })}
      </ul>
    </CardSection>
  );
}
