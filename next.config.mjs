/** @type {import('next').NextConfig} */
const nextConfig = {
  // S40: do not advertise the framework.
  poweredByHeader: false,
  output: process.env.NEXT_OUTPUT === "standalone" ? "standalone" : undefined,
  // Note: these load files or modules at run time in ways the bundler cannot follow (see the
  // stack notes); they must stay plain Node requires.
  serverExternalPackages: ["@electric-sql/pglite", "rate-limiter-flexible", "@node-rs/argon2"],
  // Migrations are read from drizzle/ at start-up; the standalone output must carry them.
  outputFileTracingIncludes: { "/*": ["./drizzle/**/*"] },
  async headers() {
    const everywhere = [
      { key: "X-Content-Type-Options", value: "nosniff" },
      { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
      { key: "X-Frame-Options", value: "DENY" },
      { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
    ];
    // S39: HSTS from production builds; browsers honour it only over https.
    if (process.env.NODE_ENV === "production") {
      everywhere.push({ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" });
    }
    return [
      { source: "/:path*", headers: everywhere },
      // S37, S38: the token-bearing pages leak nothing through Referer and are never cached.
      {
        source: "/reset-password/:path*",
        headers: [
          { key: "Referrer-Policy", value: "no-referrer" },
          { key: "Cache-Control", value: "no-store" },
        ],
      },
      {
        source: "/reset-password",
        headers: [
          { key: "Referrer-Policy", value: "no-referrer" },
          { key: "Cache-Control", value: "no-store" },
        ],
      },
    ];
  },
};

export default nextConfig;
