import { ConfigurationError, parseConfig } from "@/lib/config";

const production = {
  NODE_ENV: "production",
  APP_URL: "https://portal.example.com",
  AUTH_SECRET: "a-production-secret-that-is-long-enough-0123",
  DATABASE_URL: "postgres://portal:portal@db.example.com:5432/portal",
  SMTP_URL: "smtps://mailer:secret@smtp.example.com:465",
  SUPPORT_EMAIL: "support@example.com",
  MFA_ENCRYPTION_KEY: "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
};

function refusal(environment: Record<string, string | undefined>): ConfigurationError {
  try {
    parseConfig(environment);
  } catch (error) {
    if (error instanceof ConfigurationError) return error;
    throw error;
  }
  throw new Error("the configuration was accepted");
}

describe("configuration", () => {
  it("accepts a complete production environment", () => {
    const config = parseConfig(production);
    expect(config.appUrl).toBe("https://portal.example.com");
    expect(config.secureCookies).toBe(true);
    expect(config.database).toEqual({ kind: "postgres", url: production.DATABASE_URL, tls: { mode: "verify-full", ca: undefined } });
  });

  it("refuses a production start without AUTH_SECRET, naming the variable and what to put in it", () => {
    const error = refusal({ ...production, AUTH_SECRET: undefined });
    expect(error.variable).toBe("AUTH_SECRET");
    expect(error.message).toMatch(/AUTH_SECRET is required in production.*openssl rand/);
  });

  it("treats an empty AUTH_SECRET as missing", () => {
    expect(refusal({ ...production, AUTH_SECRET: "" }).variable).toBe("AUTH_SECRET");
  });

  it("takes EXTRA_LOCALES_DIR only when it names a directory, and says what to put there", () => {
    expect(parseConfig({ ...production, EXTRA_LOCALES_DIR: "locales" }).extraLocalesDirectory).toBe("locales");
    expect(parseConfig(production).extraLocalesDirectory).toBeNull();
    const error = refusal({ ...production, EXTRA_LOCALES_DIR: "no/such/folder" });
    expect(error.message).toContain("EXTRA_LOCALES_DIR");
    expect(error.message).toContain("<language>/messages.json");
  });

  it("refuses an APP_URL that is not a URL", () => {
    const error = refusal({ ...production, APP_URL: "portal.example.com" });
    expect(error.variable).toBe("APP_URL");
    expect(error.message).toContain("https://portal.example.com");
  });

  it("refuses production without DATABASE_URL unless the embedded database is chosen on purpose", () => {
    expect(refusal({ ...production, DATABASE_URL: undefined }).variable).toBe("DATABASE_URL");
    expect(parseConfig({ ...production, DATABASE_URL: undefined, EMBEDDED_DATABASE: "1" }).database.kind).toBe("embedded");
  });

  it("takes a DATABASE_URL that reaches PostgreSQL through its Unix socket, without TLS (issue 25), and refuses TLS asked for there", () => {
    const socket = "postgres://portal:portal@localhost/portal?host=/var/run/postgresql";
    expect(parseConfig({ ...production, DATABASE_URL: socket }).database).toEqual({ kind: "postgres", url: socket, tls: { mode: "disable" } });
    expect(parseConfig({ ...production, DATABASE_URL: socket, DATABASE_SSL: "disable" }).database).toMatchObject({ tls: { mode: "disable" } });
    const error = refusal({ ...production, DATABASE_URL: socket, DATABASE_SSL: "verify-full" });
    expect(error.variable).toBe("DATABASE_SSL");
    expect(error.message).toContain("Unix socket");
    // An authority for a connection that cannot use one is said, not ignored.
    const withAuthority = refusal({ ...production, DATABASE_URL: socket, DATABASE_CA: "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----" });
    expect(withAuthority.variable).toBe("DATABASE_CA");
    expect(withAuthority.message).toContain("Unix socket");
  });

  it("refuses a DATABASE_URL without a host, which the driver would fill from PGHOST unseen by the TLS rule (S39)", () => {
    const error = refusal({ ...production, DATABASE_URL: "postgres:///portal" });
    expect(error.variable).toBe("DATABASE_URL");
    expect(error.message).toContain("names no host");
  });

  it("refuses production without SMTP_URL, and has no dev mailbox there", () => {
    expect(refusal({ ...production, SMTP_URL: undefined }).variable).toBe("SMTP_URL");
    expect(parseConfig(production).mail.devMailbox).toBe(false);
  });

  it("refuses production without SUPPORT_EMAIL, and shows no phone line unless SUPPORT_PHONE is set (issue 29)", () => {
    const error = refusal({ ...production, SUPPORT_EMAIL: undefined });
    expect(error.variable).toBe("SUPPORT_EMAIL");
    expect(error.message).toMatch(/SUPPORT_EMAIL is required in production.*support@example.com/);
    expect(parseConfig(production).branding.supportPhone).toBeNull();
    expect(parseConfig({ ...production, SUPPORT_PHONE: "+1 608 555 0143" }).branding.supportPhone).toBe("+1 608 555 0143");
  });

  it("needs MFA_ENCRYPTION_KEY in production, 32 bytes in hex or base64; MFA is optional unless required (issue 17)", () => {
    expect(refusal({ ...production, MFA_ENCRYPTION_KEY: undefined }).message).toMatch(/MFA_ENCRYPTION_KEY is required in production.*openssl rand/);
    expect(refusal({ ...production, MFA_ENCRYPTION_KEY: "c2hvcnQ=" }).variable).toBe("MFA_ENCRYPTION_KEY");
    // A passphrase that Node's lenient base64 decoder would turn into 32 bytes is refused.
    expect(refusal({ ...production, MFA_ENCRYPTION_KEY: "correct horse battery staple, my two-step key xxxxx" }).variable).toBe("MFA_ENCRYPTION_KEY");
    expect(parseConfig({ ...production, MFA_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64") }).twoStep.encryptionKey).toEqual(Buffer.alloc(32, 7));
    expect(parseConfig(production).twoStep.policy).toBe("optional");
    expect(parseConfig({ ...production, MFA: "required" }).twoStep.policy).toBe("required");
    expect(refusal({ ...production, MFA: "always" }).variable).toBe("MFA");
    expect(parseConfig({ NODE_ENV: "development" }).twoStep.encryptionKey).toHaveLength(32);
  });

  it("runs a newcomer's development start with no settings at all", () => {
    const config = parseConfig({ NODE_ENV: "development" });
    expect(config.database.kind).toBe("embedded");
    expect(config.mail.devMailbox).toBe(true);
    expect(config.demoAccount).toBe(true);
    expect(config.branding.portalName).toBe("Customer Portal");
  });

  it("never creates the demo account in production", () => {
    expect(parseConfig({ ...production, DEMO_ACCOUNT: "1" }).demoAccount).toBe(false);
  });

  it("keeps PASSWORD_MIN_LENGTH at 8 or more (S1) and the reset link at 24 hours or less (S10)", () => {
    expect(refusal({ ...production, PASSWORD_MIN_LENGTH: "7" }).variable).toBe("PASSWORD_MIN_LENGTH");
    expect(refusal({ ...production, RESET_TOKEN_TTL_MINUTES: "1441" }).variable).toBe("RESET_TOKEN_TTL_MINUTES");
    expect(parseConfig(production).passwordMinLength).toBe(15);
    expect(parseConfig(production).resetTokenTtlMinutes).toBe(60);
  });

  it("reads external identity providers, and names OIDC_PROVIDERS when it is wrong", () => {
    const providers = JSON.stringify([{ id: "corp", name: "Contoso staff", issuer: "https://login.example.com", clientId: "a", clientSecret: "b" }]);
    const config = parseConfig({ ...production, OIDC_PROVIDERS: providers, AUTH_GOOGLE_ID: "g", AUTH_GOOGLE_SECRET: "s" });
    expect(config.externalSignIn.providers.map((provider) => provider.id)).toEqual(["corp", "google"]);
    expect(config.externalSignIn.linkByEmail).toBe(false);
    expect(refusal({ ...production, OIDC_PROVIDERS: "not json" }).variable).toBe("OIDC_PROVIDERS");
    expect(refusal({ ...production, OIDC_PROVIDERS: '[{"id":"Bad Id"}]' }).variable).toBe("OIDC_PROVIDERS");
  });

  it("reads the support team's working hours, holidays and response targets, and names a bad one (issue 27)", () => {
    const defaults = parseConfig(production).support;
    expect(defaults.hours).toMatchObject({ opens: 8 * 60, closes: 18 * 60, timeZone: "UTC" });
    expect(defaults.responseTargets.normal).toEqual({ firstMinutes: 20 * 60, nextMinutes: 20 * 60 });
    const chicago = parseConfig({ ...production, SUPPORT_HOURS: "Mon-Fri 08:00-18:00 America/Chicago", SUPPORT_RESPONSE_TARGETS: "urgent=30m/1h high=2h/4h normal=8h/8h low=16h/16h" }).support;
    expect(chicago.hours.timeZone).toBe("America/Chicago");
    expect(chicago.responseTargets.urgent).toEqual({ firstMinutes: 30, nextMinutes: 60 });
    const hours = refusal({ ...production, SUPPORT_HOURS: "Monday to Friday, 8 am to 6 pm" });
    expect(hours.variable).toBe("SUPPORT_HOURS");
    expect(hours.message).toContain("Mon-Fri 08:00-18:00 America/Chicago");
    expect(refusal({ ...production, SUPPORT_RESPONSE_TARGETS: "urgent=1h/2h" }).message).toContain("no target for low, normal, high");
    expect(refusal({ ...production, SUPPORT_HOLIDAYS_FILE: "/nonexistent/holidays.txt" }).variable).toBe("SUPPORT_HOLIDAYS_FILE");
  });
});
