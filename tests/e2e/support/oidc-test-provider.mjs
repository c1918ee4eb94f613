// A real OpenID Connect provider (the oidc-provider package) for the browser tests, run as its own
// process on 127.0.0.1: node oidc-test-provider.mjs <port> <redirect-uri>. Any login signs in with
// its development login page; the account's email is <login>@idp.example.test, verified.
import Provider from "oidc-provider";

const [port, redirectUri] = process.argv.slice(2);
const issuer = `http://127.0.0.1:${port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: "portal",
      client_secret: "portal-test-secret",
      redirect_uris: [redirectUri],
      grant_types: ["authorization_code"],
      response_types: ["code"],
    },
  ],
  claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
  async findAccount(_context, id) {
    return {
      accountId: id,
      async claims() {
        return { sub: id, email: `${id}@idp.example.test`, email_verified: true, name: `IdP ${id}` };
      },
    };
  },
  features: { devInteractions: { enabled: true } },
  // Put the scope's claims (email, name) in the ID token, where Auth.js reads them, as Entra ID
  // and Google do.
  conformIdTokenClaims: false,
  cookies: { keys: ["test-only-cookie-key"] },
});
provider.proxy = false;
provider.listen(Number(port), "127.0.0.1", () => console.log(`ready ${issuer}`));
