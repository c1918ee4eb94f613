// Browser walks start a production server and Chromium: they need more than Jest's 5 s.
jest.setTimeout(120_000);
