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

type SharpInput = { input: Uint8Array; raw?: { width: number; height: number; channels: 4 } };

/**
 * HEIC (an iPhone's photo) is HEVC inside, which the prebuilt sharp's libvips cannot decode. It is
 * decoded by libheif compiled to WebAssembly (heic-decode; LGPL libheif, no native build) into plain
 * pixels, which sharp then encodes as JPEG like any photo: the EXIF, GPS position included, is never
 * read into the new file. The canvas size is read before decoding, so a bomb is refused unread.
 */
async function heicPixels(bytes: Uint8Array): Promise<SharpInput | null> {
  // Note: loaded on first use; the decoder's WebAssembly is 8 MB and most uploads are not HEIC.
  const { default: decode } = await import("heic-decode");
  const images = await decode.all({ buffer: bytes });
  try {
    const primary = images[0];
    if (!primary || primary.width * primary.height > MAX_PIXELS) return null;
    const decoded = await primary.decode();
    return { input: new Uint8Array(decoded.data.buffer, decoded.data.byteOffset, decoded.data.byteLength), raw: { width: decoded.width, height: decoded.height, channels: 4 } };
  } finally {
    images.dispose();
  }
}

const output: Record<string, "png" | "jpeg" | "gif" | "webp"> = { "image/png": "png", "image/jpeg": "jpeg", "image/gif": "gif", "image/webp": "webp" };

/** The image encoded anew, with a thumbnail; null when it cannot be decoded (broken, too large, or a kind libvips cannot read here). */
export async function reencodeImage(bytes: Uint8Array, contentType: string): Promise<ReencodedImage | null> {
  // HEIC (and anything else sharp does not write) becomes JPEG.
  const format = output[contentType] ?? "jpeg";
  try {
    const source: SharpInput | null = contentType === "image/heic" ? await heicPixels(bytes) : { input: bytes };
    if (!source) return null;
    const options = { limitInputPixels: MAX_PIXELS, failOn: "error" as const, animated: format === "gif", ...(source.raw ? { raw: source.raw } : {}) };
    const data = await sharp(source.input, options).autoOrient().toFormat(format).toBuffer();
    const thumbnail = await sharp(source.input, { ...options, animated: false })
      .autoOrient()
      .resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: "inside", withoutEnlargement: true })
      .webp()
      .toBuffer();
    return { data, contentType: `image/${format}`, thumbnail };
  } catch {
    return null;
  }
}
