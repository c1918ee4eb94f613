import { z } from "zod";
import { ConfigurationError } from "./configuration-error";
import type { Environment } from "./environment";

/** An external identity provider the sign-in page offers. */
export type IdentityProvider = {
  id: string;
  name: string;
  kind: "oidc" | "microsoft-entra-id" | "google";
  issuer?: string;
  clientId: string;
  clientSecret: string;
};

const oidcProvidersSchema = z.array(
  z.object({
    id: z.string().regex(/^[a-z0-9-]{1,40}$/, "ids are lower-case letters, digits and dashes"),
    name: z.string().min(1).max(60),
    issuer: z.url(),
    clientId: z.string().min(1),
    clientSecret: z.string().min(1),
  }),
);

export function identityProviders(env: Environment): IdentityProvider[] {
  const providers: IdentityProvider[] = [];
  if (env.OIDC_PROVIDERS) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(env.OIDC_PROVIDERS);
    } catch {
      throw new ConfigurationError("OIDC_PROVIDERS", "is not valid JSON");
    }
    const result = oidcProvidersSchema.safeParse(parsed);
    if (!result.success) throw new ConfigurationError("OIDC_PROVIDERS", `is invalid (${result.error.issues[0].message})`);
    providers.push(...result.data.map((provider) => ({ ...provider, kind: "oidc" as const })));
  }
  if (env.AUTH_MICROSOFT_ENTRA_ID_ID && env.AUTH_MICROSOFT_ENTRA_ID_SECRET) {
    providers.push({
      id: "microsoft-entra-id",
      name: "Microsoft",
      kind: "microsoft-entra-id",
      issuer: env.AUTH_MICROSOFT_ENTRA_ID_ISSUER,
      clientId: env.AUTH_MICROSOFT_ENTRA_ID_ID,
      clientSecret: env.AUTH_MICROSOFT_ENTRA_ID_SECRET,
    });
  }
  if (env.AUTH_GOOGLE_ID && env.AUTH_GOOGLE_SECRET) {
    providers.push({ id: "google", name: "Google", kind: "google", clientId: env.AUTH_GOOGLE_ID, clientSecret: env.AUTH_GOOGLE_SECRET });
  }
  return providers;
}
