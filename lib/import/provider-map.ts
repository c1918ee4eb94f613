import type { IdentityProvider } from "@/lib/config";

/**
 * Which of this portal's identity providers an `adx_identityprovidername` stands for. Power Pages
 * names an OpenID Connect provider by its authority URL and others by the name they were given on
 * the site, so the operator says it: `--provider-map "<adx_identityprovidername>=<provider id>"`.
 * A provider configured here whose issuer is that URL is mapped without being told.
 */
export type ProviderTarget = { providerId: string; configured: boolean; how: "option" | "issuer" };
export type ProviderMap = { lookup: (providerName: string) => ProviderTarget | undefined; entries: () => Array<[string, ProviderTarget]> };

export class ProviderMapError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ProviderMapError";
  }
}

const PROVIDER_ID = /^[a-z0-9-]{1,40}$/;

/** Case, surrounding spaces and a trailing slash do not make another provider. */
function key(providerName: string): string {
  return providerName.trim().replace(/\/+$/, "").toLowerCase();
}

export function buildProviderMap(options: string[], configuredHere: IdentityProvider[]): ProviderMap {
  const configuredIds = new Set(configuredHere.map((provider) => provider.id));
  const map = new Map<string, ProviderTarget>();
  for (const provider of configuredHere) {
    if (provider.issuer) map.set(key(provider.issuer), { providerId: provider.id, configured: true, how: "issuer" });
  }
  for (const option of options) {
    // Note: split at the last "=": an authority URL may hold one, a provider id never does.
    const at = option.lastIndexOf("=");
    const name = at > 0 ? option.slice(0, at).trim() : "";
    const providerId = at > 0 ? option.slice(at + 1).trim() : "";
    if (!name || !PROVIDER_ID.test(providerId)) {
      throw new ProviderMapError(
        `--provider-map "${option}" is not <adx_identityprovidername>=<provider id> (ids are lower-case letters, digits and dashes, e.g. microsoft-entra-id, google, or an OIDC_PROVIDERS id).`,
      );
    }
    map.set(key(name), { providerId, configured: configuredIds.has(providerId), how: "option" });
  }
  return { lookup: (providerName) => map.get(key(providerName)), entries: () => [...map.entries()] };
}
