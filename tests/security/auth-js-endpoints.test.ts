import { startPortal, type Portal } from "../e2e/support/portal-server";
import { signedInCookie } from "./support/attacker";

/**
 * Attack: Auth.js's own routes (S46, issue 11). Every route Auth.js mounts under /api/auth is closed
 * but the configured providers' callbacks, so none can issue, extend, persist or end a session —
 * or take a password — outside the portal's rules.
 */
const customer = { username: "authjs", email: "authjs@example.test", name: "Auth Js", password: "auth js lantern orchard" };

let portal: Portal;
let cookie = "";
beforeAll(async () => {
  portal = await startPortal([customer]);
  cookie = await signedInCookie(portal.baseUrl, customer.username, customer.password);
});
afterAll(async () => {
  await portal?.stop();
});

const ROUTES = [
  "session",
  "signout",
  "csrf",
  "providers",
  "signin",
  "signin/credentials",
  "signin/google",
  "callback/credentials",
  "callback/google",
  "callback/microsoft-entra-id",
  "error",
  "verify-request",
  "webauthn-options",
  "anything-else",
];

async function accountStatus() {
  return (await fetch(`${portal.baseUrl}/account`, { headers: { cookie }, redirect: "manual" })).status;
}

describe("attack: Auth.js's own endpoints", () => {
  it.each(ROUTES)("closes /api/auth/%s to GET and POST, with or without a session, setting no cookie", async (route) => {
    for (const method of ["GET", "POST"]) {
      for (const withCookie of [false, true]) {
        const body = method === "POST" ? new URLSearchParams({ username: customer.username, password: customer.password, csrfToken: "x" }) : undefined;
        const response = await fetch(`${portal.baseUrl}/api/auth/${route}`, {
          method,
          body,
          headers: { origin: portal.baseUrl, ...(withCookie ? { cookie } : {}) },
          redirect: "manual",
        });
        expect({ route, method, withCookie, status: response.status }).toEqual({ route, method, withCookie, status: 404 });
        expect(response.headers.getSetCookie()).toEqual([]);
      }
    }
  });

  it("leaves the session exactly as it was: POST /api/auth/signout ends nothing, GET /api/auth/session extends nothing", async () => {
    expect(await accountStatus()).toBe(200);
    await fetch(`${portal.baseUrl}/api/auth/signout`, { method: "POST", headers: { cookie, origin: portal.baseUrl }, redirect: "manual" });
    const session = await fetch(`${portal.baseUrl}/api/auth/session`, { headers: { cookie } });
    expect(session.headers.getSetCookie()).toEqual([]);
    expect(await accountStatus()).toBe(200);
  });

  it("ends the session only through /signout, after which the copied cookie opens nothing (S33)", async () => {
    const signOut = await fetch(`${portal.baseUrl}/signout`, { method: "POST", headers: { cookie, origin: portal.baseUrl }, redirect: "manual" });
    expect(signOut.status).toBe(303);
    expect([303, 307]).toContain(await accountStatus());
  });
});
