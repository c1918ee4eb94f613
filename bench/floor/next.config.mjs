import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * The floor (issue 25): the least a Next.js app on this stack can cost for the portal's busiest
 * jobs, built and started by `npm run bench` next to the portal. It uses the portal's
 * node_modules (same Next.js, React, postgres.js and argon2 builds), so the root is two levels up.
 */
/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  serverExternalPackages: ["@node-rs/argon2"],
  turbopack: { root: path.resolve(here, "../..") },
  outputFileTracingRoot: path.resolve(here, "../.."),
  // The portal's `npm run typecheck` and `npm run lint` cover these files; the bench's build of
  // the floor skips them so that it costs only the compile.
  typescript: { ignoreBuildErrors: true },
};

export default nextConfig;
