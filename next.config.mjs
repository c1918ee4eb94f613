import createNextIntlPlugin from "next-intl/plugin";

const withNextIntl = createNextIntlPlugin("./i18n/request.ts");

/** @type {import('next').NextConfig} */
const nextConfig = {
  // S40: do not advertise the framework.
  poweredByHeader: false,
  output: process.env.NEXT_OUTPUT === "standalone" ? "standalone" : undefined,
  // Note: these load files or modules at run time in ways the bundler cannot follow (see the
  // stack notes); they must stay plain Node requires.
  serverExternalPackages: ["@electric-sql/pglite", "rate-limiter-flexible", "@node-rs/argon2", "sharp", "heic-decode", "libheif-js"],
  // Migrations (drizzle/), Knowledge Base articles (content/) and the languages' folders
  // (locales/) are read at run time; the standalone output must carry them.
  // Issue 26: a message's files (at most 25 MB, ATTACHMENT_MAX_MESSAGE_MB) plus the form's text
  // and multipart framing; the request gate (server/request-gate.cjs) allows the same only for the
  // forms that take files, so every other action keeps the small limit.
  // The proxy (proxy.ts) makes Next.js buffer a copy of each body, by default only its first 10 MB:
  // a larger message would reach the action cut short.
  experimental: { serverActions: { bodySizeLimit: "26mb" }, proxyClientMaxBodySize: "26mb" },
  // The password policy loads the zxcvbn language packages the locales/ folders name, by name.
  outputFileTracingIncludes: { "/*": ["./drizzle/**/*", "./content/**/*", "./locales/**/*", "./node_modules/@zxcvbn-ts/**/*"] },
  // The dev mailbox exists only in development (lib/config: no SMTP_URL and not production). In a
  // production build its address is sent to an address no page has, so it gets the portal's own
  // "Page not found" with 404, rendered on the server: the page's own notFound() answered an empty
  // document that only JavaScript filled in.
  async rewrites() {
    if (process.env.NODE_ENV !== "production") return [];
    return { beforeFiles: [{ source: "/dev/mailbox", destination: "/dev/mailbox/none" }], afterFiles: [], fallback: [] };
  },
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
      // S37, S38: the emailed link (the only URL that ever holds a token) sends no Referer at all,
      // and nothing on the reset pages is cached.
      {
        source: "/reset-password/:path*",
        headers: [
          { key: "Referrer-Policy", value: "no-referrer" },
          { key: "Cache-Control", value: "no-store" },
        ],
      },
      // Note: the reset form's page holds no token in its URL. It uses "same-origin", not
      // "no-referrer": under no-referrer browsers send "Origin: null" with a form post, which
      // Next.js rightly refuses for server actions (S35), so the form would not work without
      // JavaScript. "same-origin" still sends no Referer to any other site.
      {
        source: "/reset-password",
        headers: [
          { key: "Referrer-Policy", value: "same-origin" },
          { key: "Cache-Control", value: "no-store" },
        ],
      },
    ];
  },
};

export default withNextIntl(nextConfig);
