/**
 * Settings every test starts from. Tests that need others change process.env and call
 * reloadConfig(); nothing here reaches outside the machine.
 */
process.env.APP_URL = "https://portal.example.test";
process.env.AUTH_SECRET = "test-secret-test-secret-test-secret-0123456789";
process.env.COMPANY_NAME = "Alliant Power";
process.env.PORTAL_NAME = "Customer Portal";
process.env.SUPPORT_EMAIL = "support@example.test";
process.env.SUPPORT_PHONE = "1-800-555-0100";
// Issue 29: a line per mail, job and pass would bury test output; tests of the log raise the level.
process.env.LOG_LEVEL = "warn";
delete process.env.DATABASE_URL;
delete process.env.SMTP_URL;
delete process.env.TRUSTED_PROXY_HOPS;
delete process.env.RATE_LIMIT_SCALE;
delete process.env.OIDC_PROVIDERS;
delete process.env.EXTERNAL_LINK_BY_EMAIL;
delete process.env.EXTERNAL_REGISTRATION;
delete process.env.ATTACHMENTS_DIR;
delete process.env.CLAMAV_URL;
