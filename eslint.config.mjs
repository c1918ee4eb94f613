import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([".next/**", "bench/floor/.next/**", "bench/floor/next-env.d.ts", "node_modules/**", ".data/**", "next-env.d.ts", "coverage/**", "screenshots/**"]),
  {
    // Note: one module reads the environment (style rule 4); everything else asks lib/config.
    files: ["app/**", "components/**", "emails/**", "lib/**", "proxy.ts", "auth.ts", "auth.config.ts"],
    ignores: ["lib/config/index.ts"],
    rules: {
      "no-restricted-properties": ["error", { object: "process", property: "env", message: "Read settings through lib/config." }],
    },
  },
  {
    // server/*.cjs and the tests' preload are loaded by Node itself (node --require), so they are CommonJS.
    files: ["server/**/*.cjs", "tests/support/*.cjs"],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    // S7: reset tokens come from the CSPRNG only.
    files: ["lib/**"],
    ignores: ["lib/config/index.ts"],
    rules: {
      "no-restricted-properties": ["error",
        { object: "process", property: "env", message: "Read settings through lib/config." },
        { object: "Math", property: "random", message: "Use node:crypto for anything secret (S7)." }],
    },
  },
]);
