import { request as httpRequest } from "node:http";
import type { RawAnswer } from "./attacker";

/**
 * What the upload attacks share: the headers the attachment field sends with a file, a file of any
 * size that passes for a PDF, and a request whose body never arrives in full (only its headers, or
 * its first bytes) — the gate and the read time limit must answer it before the rest would come.
 */

/** The headers of a file sent ahead to POST /api/attachments, as the attachment field sends them. */
export function uploadHeaders(baseUrl: string, cookie: string, fileName: string, extra: Record<string, string> = {}): Record<string, string> {
  return { origin: baseUrl, cookie, "x-portal-upload": "1", "x-file-name": encodeURIComponent(fileName), ...extra };
}

/** `size` bytes that the file-kind check reads as a PDF (its signature, then spaces). */
export function pdfOfSize(size: number): Buffer {
  const data = Buffer.alloc(size, 0x20);
  data.write("%PDF-1.4\n");
  return data;
}

/**
 * A POST that sends its headers and `first` (nothing when left out), then waits without sending the
 * rest: the server's answer, read whole, and the connection let go. `content-length` announces
 * more than is sent unless the headers say otherwise (a chunked body, say).
 */
export function partlySent(url: string, headers: Record<string, string>, first?: Buffer): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method: "POST", headers });
    request.on("response", (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () => {
        resolve({ status: response.statusCode ?? 0, body });
        request.destroy();
      });
    });
    request.on("error", reject);
    if (first) request.write(first);
    else request.flushHeaders();
  });
}
