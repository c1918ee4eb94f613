import { clientIp, PEER_ADDRESS_HEADER } from "@/lib/http/client-ip";
import { reloadConfig } from "@/lib/config";

function headers(values: Record<string, string>) {
  return new Headers(values);
}

afterEach(() => {
  delete process.env.TRUSTED_PROXY_HOPS;
  reloadConfig();
});

describe("S28: the client's address", () => {
  it("ignores X-Forwarded-For when no proxy is trusted and uses the TCP peer", () => {
    expect(clientIp(headers({ "x-forwarded-for": "203.0.113.9", [PEER_ADDRESS_HEADER]: "198.51.100.4" }))).toBe("198.51.100.4");
  });

  it("takes the entry our one trusted proxy added, not what the client wrote before it", () => {
    process.env.TRUSTED_PROXY_HOPS = "1";
    reloadConfig();
    expect(clientIp(headers({ "x-forwarded-for": "6.6.6.6, 203.0.113.9" }))).toBe("203.0.113.9");
  });

  it("counts trusted hops from the right", () => {
    process.env.TRUSTED_PROXY_HOPS = "2";
    reloadConfig();
    expect(clientIp(headers({ "x-forwarded-for": "6.6.6.6, 203.0.113.9, 10.0.0.2" }))).toBe("203.0.113.9");
  });
});
