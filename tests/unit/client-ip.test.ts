import { clientIp } from "@/lib/http/client-ip";
import { reloadConfig } from "@/lib/config";
import { stampedPeer } from "../support/peer";

afterEach(() => {
  delete process.env.TRUSTED_PROXY_HOPS;
  reloadConfig();
});

describe("S28: the client's address", () => {
  it("ignores X-Forwarded-For when no proxy is trusted and uses the TCP peer the preload stamped", () => {
    expect(clientIp(new Headers({ "x-forwarded-for": "203.0.113.9", ...stampedPeer("198.51.100.4") }))).toBe("198.51.100.4");
  });

  it("never believes a peer header a client wrote itself", () => {
    expect(clientIp(new Headers({ "x-portal-peer": "198.51.100.4" }))).toBe("unknown");
    expect(clientIp(new Headers({ "x-portal-peer": "not-the-secret 198.51.100.4" }))).toBe("unknown");
  });

  it("takes the entry our one trusted proxy added, not what the client wrote before it", () => {
    process.env.TRUSTED_PROXY_HOPS = "1";
    reloadConfig();
    expect(clientIp(new Headers({ "x-forwarded-for": "6.6.6.6, 203.0.113.9" }))).toBe("203.0.113.9");
  });

  it("counts trusted hops from the right", () => {
    process.env.TRUSTED_PROXY_HOPS = "2";
    reloadConfig();
    expect(clientIp(new Headers({ "x-forwarded-for": "6.6.6.6, 203.0.113.9, 10.0.0.2" }))).toBe("203.0.113.9");
  });

  it("uses the TCP peer, not the left-most entry, when fewer hops than configured are present", () => {
    process.env.TRUSTED_PROXY_HOPS = "2";
    reloadConfig();
    expect(clientIp(new Headers({ "x-forwarded-for": "6.6.6.6", ...stampedPeer("192.0.2.8") }))).toBe("192.0.2.8");
  });
});
