import { buildConfig, DEVELOPMENT_AUTH_SECRET, type PortalConfig } from "./build";
import { ConfigurationError } from "./configuration-error";
import { environmentSchema } from "./environment";

/**
 * The portal's settings, read once from the environment and validated.
 * Note: this is the only module that reads process.env (style rule 4); a bad value stops the
 * start with the variable's name and what to put in it. The folder's other modules take the
 * validated environment as an argument.
 */

export { ConfigurationError } from "./configuration-error";
export { attachmentTypeNames, type AttachmentTypeName } from "./environment";
export type { PortalConfig } from "./build";
export type { DatabaseTls } from "./database-tls";
export type { IdentityProvider } from "./identity-providers";

/** Validates an environment and returns the settings; throws ConfigurationError naming the variable. */
export function parseConfig(environment: Record<string, string | undefined>): PortalConfig {
  const result = environmentSchema.safeParse(environment);
  if (!result.success) {
    const issue = result.error.issues[0];
    const variable = String(issue.path[0]);
    throw new ConfigurationError(variable, `is invalid (${issue.message})`);
  }
  const config = buildConfig(result.data);
  if (config.production && config.authSecret === DEVELOPMENT_AUTH_SECRET) {
    throw new ConfigurationError("AUTH_SECRET", "is the development secret, which production refuses");
  }
  return config;
}

let current: PortalConfig | undefined;

/** The running portal's settings (validated on first use). */
export function config(): PortalConfig {
  if (!current) {
    current = parseConfig(process.env);
    // S15: Auth.js derives its own URL from request headers unless AUTH_URL is set; pin it to APP_URL.
    process.env.AUTH_URL = `${current.appUrl}/api/auth`;
  }
  return current;
}

/** Tests change settings through the environment and then call this. */
export function reloadConfig(): PortalConfig {
  current = undefined;
  return config();
}
