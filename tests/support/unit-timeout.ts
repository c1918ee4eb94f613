// Some unit tests hash and verify with argon2id several times (the S26 work counts): seconds when
// CI's two lanes share the cores, more than Jest's default 5 s. A slow test must fail on its
// assertions, not on the machine's load — and a test that times out leaves its hashing running into
// the next test's counts (seen once at a load average of 30).
jest.setTimeout(30_000);
