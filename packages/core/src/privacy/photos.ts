/**
 * Profile photos. The type is decided by the bytes, never by the name or header; anything that is
 * not exactly one JPEG, PNG or WebP image (an SVG, HTML named .jpg, a PNG with a script appended)
 * is refused. Accepted images are decoded and encoded anew as WebP of at most 512 px, which drops
 * every piece of metadata (EXIF, GPS, XMP, ICC comments) and anything hidden in the original file.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { DomainError } from '../errors.ts';

/** Largest upload accepted. */
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;

type ImageType = 'jpeg' | 'png' | 'webp';

function sniff(buf: Buffer): ImageType | undefined {
  if (buf.length > 3 && buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) return 'jpeg';
  if (buf.length > 8 && buf.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'png';
  if (buf.length > 12 && buf.toString('latin1', 0, 4) === 'RIFF' && buf.toString('latin1', 8, 12) === 'WEBP')
    return 'webp';
  return undefined;
}

/** Whether the file ends where the image ends (nothing smuggled in after it). */
function endsCleanly(buf: Buffer, type: ImageType): boolean {
  if (type === 'png') {
    // The last chunk is IEND: length 0, "IEND", CRC AE 42 60 82.
    return buf.subarray(-12).equals(Buffer.from([0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]));
  }
  if (type === 'webp') return buf.readUInt32LE(4) + 8 === buf.length;
  // JPEG: phones append data after the image (Motion Photos put a video there); re-encoding drops
  // it, so a JPEG only has to decode completely, which sharp checks.
  return true;
}

const rejected = (why: string) => new DomainError('upload_rejected', why);

/** Checks an upload and returns it re-encoded as WebP without metadata; throws `upload_rejected`. */
export async function reencodePhoto(input: Buffer): Promise<Buffer> {
  if (input.length > MAX_PHOTO_BYTES) throw rejected('photo too large');
  const type = sniff(input);
  if (!type) throw rejected('not a JPEG, PNG or WebP image');
  if (!endsCleanly(input, type)) throw rejected('data after the end of the image');
  try {
    const image = sharp(input, { failOn: 'warning', limitInputPixels: 50_000_000 });
    const meta = await image.metadata();
    if (meta.format !== type || (meta.pages ?? 1) > 1) throw rejected('content does not match its type');
    // rotate() applies the EXIF orientation before the metadata is dropped; sharp writes none by default.
    return await image
      .rotate()
      .resize(512, 512, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 82 })
      .toBuffer();
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw rejected(`image does not decode: ${(error as Error).message}`);
  }
}

/** Writes a re-encoded photo under a random name; returns the name. */
export async function storePhoto(uploadDir: string, webp: Buffer): Promise<string> {
  const dir = join(uploadDir, 'photos');
  await mkdir(dir, { recursive: true });
  const name = `${randomBytes(16).toString('hex')}.webp`;
  await writeFile(join(dir, name), webp);
  return name;
}

/** Reads a stored photo. */
export function readPhoto(uploadDir: string, name: string): Promise<Buffer> {
  return readFile(join(uploadDir, 'photos', name));
}

/** Removes a stored photo; a file already gone is fine. */
export async function removePhoto(uploadDir: string, name: string | null): Promise<void> {
  if (name && /^[0-9a-f]{32}\.webp$/.test(name)) await rm(join(uploadDir, 'photos', name), { force: true });
}
