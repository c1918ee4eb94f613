import sharp from "sharp";

/**
 * Images are decoded and encoded again by sharp (libvips) before anyone sees them (issue 26): the
 * new file carries no metadata — no EXIF, so no GPS position or camera serial — and anything
 * hidden after the image data (a polyglot's second file) is gone. Orientation is applied first so
 * the photo still stands the right way up.
 */

// A decompression bomb (a small file that claims a huge canvas) is refused before it is decoded.
const MAX_PIXELS = 50_000_000;
const THUMBNAIL_SIZE = 320;

export type ReencodedImage = { data: Buffer; contentType: string; thumbnail: Buffer };

const output: Record<string, "png" | "jpeg" | "gif" | "webp"> = { "image/png": "png", "image/jpeg": "jpeg", "image/gif": "gif", "image/webp": "webp" };

/** The image encoded anew, with a thumbnail; null when it cannot be decoded (broken, too large, or a kind libvips cannot read here). */
export async function reencodeImage(bytes: Uint8Array, contentType: string): Promise<ReencodedImage | null> {
  // Note: HEIC decodes only where libvips has a HEVC decoder; elsewhere it is re-encoded as JPEG when it can be.
  const format = output[contentType] ?? "jpeg";
  const options = { limitInputPixels: MAX_PIXELS, failOn: "error" as const, animated: format === "gif" };
  try {
    const data = await sharp(bytes, options).autoOrient().toFormat(format).toBuffer();
    const thumbnail = await sharp(bytes, { ...options, animated: false })
      .autoOrient()
      .resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: "inside", withoutEnlargement: true })
      .webp()
      .toBuffer();
    return { data, contentType: `image/${format}`, thumbnail };
  } catch {
    return null;
  }
}
