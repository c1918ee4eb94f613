import { createHash, generateKeyPairSync, randomBytes, sign } from "node:crypto";
import { isoCBOR } from "@simplewebauthn/server/helpers";
import { now } from "@/lib/clock";
import { db } from "@/lib/db";
import { passkeys } from "@/lib/db/schema";
import { relyingParty } from "@/lib/auth/two-step/passkeys";

/**
 * A passkey held in the test itself — a P-256 key the way a platform authenticator holds one — for
 * integration tests that need a passkey sign-in to be real (the signature is checked by the same
 * @simplewebauthn/server code as in production). Adding one stores it as addPasskey would; the
 * browser tests cover the registration ceremony itself with Chromium's virtual authenticator.
 */
export type SoftwarePasskey = { id: string; answer: (optionsJson: string) => string };

const sha256 = (data: Buffer | string) => createHash("sha256").update(data).digest();

export async function addSoftwarePasskey(customerId: string, name = "Thief's phone"): Promise<SoftwarePasskey> {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const jwk = publicKey.export({ format: "jwk" });
  const cose = isoCBOR.encode(
    new Map<number, number | Uint8Array>([
      [1, 2],
      [3, -7],
      [-1, 1],
      [-2, Buffer.from(jwk.x!, "base64url")],
      [-3, Buffer.from(jwk.y!, "base64url")],
    ]),
  );
  const id = randomBytes(16).toString("base64url");
  await (await db()).insert(passkeys).values({ id, customerId, name, publicKey: Buffer.from(cose).toString("base64url"), signCount: 0, transports: ["internal"], backedUp: false, createdAt: now() });
  let counter = 0;
  return {
    id,
    /** The authenticator's answer to the sign-in options the portal gave (user present and verified). */
    answer(optionsJson: string) {
      const { challenge } = JSON.parse(optionsJson) as { challenge: string };
      const rp = relyingParty();
      counter += 1;
      const count = Buffer.alloc(4);
      count.writeUInt32BE(counter);
      const authenticatorData = Buffer.concat([sha256(rp.id), Buffer.from([0x05]), count]);
      const clientDataJSON = Buffer.from(JSON.stringify({ type: "webauthn.get", challenge, origin: rp.origin, crossOrigin: false }));
      const signature = sign("sha256", Buffer.concat([authenticatorData, sha256(clientDataJSON)]), privateKey);
      const b64 = (data: Buffer) => data.toString("base64url");
      return JSON.stringify({
        id,
        rawId: id,
        type: "public-key",
        response: { authenticatorData: b64(authenticatorData), clientDataJSON: b64(clientDataJSON), signature: b64(signature), userHandle: b64(Buffer.from(customerId)) },
        clientExtensionResults: {},
      });
    },
  };
}
