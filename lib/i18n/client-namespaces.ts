/**
 * The parts of a catalog that client components use (form labels, the password field). Only these
 * travel to the browser; pages and mails are translated on the server.
 */
export const CLIENT_NAMESPACES = ["fields", "errorPage", "signIn", "forgotPassword", "resetPassword", "account", "contact", "cases", "registration", "twoStep"] as const;
