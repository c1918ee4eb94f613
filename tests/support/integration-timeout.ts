// Integration tests open databases and spawn the CLI: more than Jest's default 5 s.
jest.setTimeout(60_000);
