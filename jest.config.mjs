import nextJest from "next/jest.js";

const createJestConfig = nextJest({ dir: "./" });

// next/jest leaves node_modules untransformed; these ship ESM only (see the stack notes).
const esmPackages = ["next-auth", "@auth/core", "@auth/drizzle-adapter", "jose", "oauth4webapi", "preact", "preact-render-to-string", "marked", "sanitize-html", "htmlparser2", "domhandler", "domutils", "dom-serializer", "domelementtype", "entities", "next-intl", "use-intl", "@formatjs", "intl-messageformat", "icu-minify", "file-type", "strtok3", "token-types", "@tokenizer", "@borewit", "uint8array-extras", "email-reply-parser"];

async function project(displayName, testMatch, extra = {}) {
  const config = await createJestConfig({
    displayName,
    // Jest's node environment, which also stops what a file started process-wide (see the file).
    testEnvironment: "<rootDir>/tests/support/test-environment.ts",
    testMatch,
    moduleNameMapper: { "^@/(.*)$": "<rootDir>/$1" },
    setupFiles: ["<rootDir>/tests/support/environment.ts"],
    // Every project fails a run that does not exit after its tests (tests/support/hang-guard.ts).
    globalTeardown: "<rootDir>/tests/support/global-teardown.ts",
    ...extra,
  })();
  config.transformIgnorePatterns = [`/node_modules/(?!(${esmPackages.join("|")})/)`];
  return config;
}

export default async function jestConfig() {
  return {
    // Each test file loads the portal's modules afresh, and what a file's code leaves behind in the
    // process's shared parts (an SMTP connection's socket, Node's own handles) can keep that file's
    // whole module tree alive: about 45 MB a file, so `npm test` — every file in one process on two
    // cores — ran out of heap near its end. With this limit Jest runs the files in a worker process
    // and starts a fresh one whenever a file leaves it past 1 GB of heap, however many files there
    // are. Note: `--runInBand` (the browser and attack suites) still runs in one process.
    workerIdleMemoryLimit: "1GB",
    projects: [
      await project("unit", ["<rootDir>/tests/unit/**/*.test.ts?(x)"], {
        setupFilesAfterEnv: ["<rootDir>/tests/support/unit-timeout.ts"],
      }),
      await project("integration", ["<rootDir>/tests/integration/**/*.test.ts?(x)"], {
        // One migrated template database per run, which every test file copies.
        globalSetup: "<rootDir>/tests/support/global-setup.ts",
        setupFilesAfterEnv: ["<rootDir>/tests/support/integration-timeout.ts"],
      }),
      await project("e2e", ["<rootDir>/tests/e2e/**/*.test.ts?(x)"], {
        setupFilesAfterEnv: ["<rootDir>/tests/e2e/support/timeout.ts"],
        globalSetup: "<rootDir>/tests/e2e/global-setup.ts",
        globalTeardown: "<rootDir>/tests/e2e/global-teardown.ts",
      }),
      // Attacks and faults against the production build on PostgreSQL (npm run test:security).
      await project("security", ["<rootDir>/tests/security/**/*.test.ts"], {
        setupFilesAfterEnv: ["<rootDir>/tests/e2e/support/timeout.ts"],
        globalSetup: "<rootDir>/tests/security/global-setup.ts",
        globalTeardown: "<rootDir>/tests/e2e/global-teardown.ts",
      }),
    ],
  };
}
