// npm run email: React Email's preview server, on this machine only (127.0.0.1; see
// email-preview-loopback.mjs) and on EMAIL_PREVIEW_PORT, 3001 when unset. The preview shows every
// template with made-up data, but it is a development server that nothing else on the network
// should reach. It serves .data/email-preview/, where every template is written once per language
// (email-preview-files.ts). (A development tool, not the portal: EMAIL_PREVIEW_PORT is read here.)
import { spawn } from "node:child_process";
import path from "node:path";
import { writeEmailPreviews } from "./email-preview-files";

const port = process.env.EMAIL_PREVIEW_PORT ?? "3001";
if (!/^\d+$/.test(port) || Number(port) < 1 || Number(port) > 65535) {
  console.error(`EMAIL_PREVIEW_PORT must be a port number (1–65535), not "${port}".`);
  process.exit(1);
}

const previews = path.join(".data", "email-preview");
writeEmailPreviews(path.resolve(previews));

// The CLI's bin, which the package's "exports" do not name. It starts itself again unless given
// these two flags, so they are given here, with the preload, in one process.
const cli = path.resolve("node_modules/react-email/dist/cli/index.mjs");
const loopback = path.resolve("scripts/email-preview-loopback.mjs");
const flags = ["--experimental-vm-modules", "--disable-warning=ExperimentalWarning", "--import", loopback];
spawn(process.execPath, [...flags, cli, "dev", "--dir", previews, "--port", port], { stdio: "inherit" }).on("exit", (code) => process.exit(code ?? 0));
