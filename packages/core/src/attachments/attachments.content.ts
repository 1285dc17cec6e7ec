/**
 * What an upload really is. The type is decided by the bytes (`file-type`), never by the file name
 * or the declared Content-Type; only images, PDF and office documents pass. HTML, SVG, scripts,
 * executables, old binary Office files (macros) and anything unknown are refused.
 *
 * Images are decoded and encoded anew with sharp: the EXIF orientation is applied, every piece of
 * metadata (EXIF with GPS, XMP, comments) is dropped, the size is bounded, and whatever was
 * smuggled in after the image data (a PNG with HTML appended) does not survive — the stored file
 * is only what the decoder saw as the picture.
 */
import { fileTypeFromBuffer } from 'file-type';
import sharp from 'sharp';
import type { AttachmentMediaType } from '@rotes-netz/shared';
import { DomainError } from '../errors.ts';

/** Longest side of a stored image; larger images are scaled down. */
export const MAX_IMAGE_SIDE = 2560;
/** Decoding more pixels than this is refused (a decompression bomb). */
const MAX_INPUT_PIXELS = 60_000_000;

type ImageFormat = 'jpeg' | 'png' | 'webp' | 'gif';

interface Accepted {
  mediaType: AttachmentMediaType;
  /** The extension a stored file gets. */
  extension: string;
  /** Extensions that already name this type correctly. */
  aliases: string[];
  image?: ImageFormat;
}

const ACCEPTED: Record<string, Accepted> = {
  'image/jpeg': { mediaType: 'image/jpeg', extension: 'jpg', aliases: ['jpg', 'jpeg'], image: 'jpeg' },
  'image/png': { mediaType: 'image/png', extension: 'png', aliases: ['png'], image: 'png' },
  'image/webp': { mediaType: 'image/webp', extension: 'webp', aliases: ['webp'], image: 'webp' },
  'image/gif': { mediaType: 'image/gif', extension: 'gif', aliases: ['gif'], image: 'gif' },
  'application/pdf': { mediaType: 'application/pdf', extension: 'pdf', aliases: ['pdf'] },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': {
    mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    extension: 'docx',
    aliases: ['docx'],
  },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
    mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    extension: 'xlsx',
    aliases: ['xlsx'],
  },
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': {
    mediaType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    extension: 'pptx',
    aliases: ['pptx'],
  },
  'application/vnd.oasis.opendocument.text': {
    mediaType: 'application/vnd.oasis.opendocument.text',
    extension: 'odt',
    aliases: ['odt'],
  },
  'application/vnd.oasis.opendocument.spreadsheet': {
    mediaType: 'application/vnd.oasis.opendocument.spreadsheet',
    extension: 'ods',
    aliases: ['ods'],
  },
  'application/vnd.oasis.opendocument.presentation': {
    mediaType: 'application/vnd.oasis.opendocument.presentation',
    extension: 'odp',
    aliases: ['odp'],
  },
};

export interface InspectedFile {
  mediaType: AttachmentMediaType;
  extension: string;
  aliases: string[];
  /** What is stored: re-encoded for images, the upload itself for documents. */
  data: Buffer;
  width: number | null;
  height: number | null;
}

const refused = (why: string) => new DomainError('attachment_type_refused', why);

async function reencode(input: Buffer, format: ImageFormat): Promise<{ data: Buffer; width: number; height: number }> {
  try {
    const probe = await sharp(input, { limitInputPixels: MAX_INPUT_PIXELS }).metadata();
    if (probe.format !== format) throw refused(`content says ${format}, decoder says ${probe.format}`);
    const animated = (format === 'gif' || format === 'webp') && (probe.pages ?? 1) > 1;
    let image = sharp(input, { limitInputPixels: MAX_INPUT_PIXELS, animated, failOn: 'error' });
    // rotate() applies the EXIF orientation before the metadata goes (sharp writes none by default).
    if (!animated) image = image.rotate();
    image = image.resize(MAX_IMAGE_SIDE, MAX_IMAGE_SIDE, { fit: 'inside', withoutEnlargement: true });
    const encoded =
      format === 'jpeg'
        ? image.jpeg({ quality: 85, mozjpeg: true })
        : format === 'png'
          ? image.png({ compressionLevel: 9 })
          : format === 'webp'
            ? image.webp({ quality: 85 })
            : image.gif();
    const data = await encoded.toBuffer();
    const meta = await sharp(data).metadata();
    return { data, width: meta.width ?? 0, height: meta.pageHeight ?? meta.height ?? 0 };
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw new DomainError('attachment_unreadable', `image does not decode: ${(error as Error).message}`);
  }
}

/**
 * Checks an upload by its content and returns what is to be stored; throws
 * `attachment_type_refused` for anything not accepted and `attachment_unreadable` for an image
 * that does not decode.
 */
export async function inspectAttachment(input: Buffer): Promise<InspectedFile> {
  if (input.length === 0) throw refused('empty file');
  const detected = await fileTypeFromBuffer(input);
  const accepted = detected ? ACCEPTED[detected.mime] : undefined;
  if (!accepted) throw refused(`type ${detected?.mime ?? 'unknown'} is not accepted`);
  const base = { mediaType: accepted.mediaType, extension: accepted.extension, aliases: accepted.aliases };
  if (!accepted.image) return { ...base, data: input, width: null, height: null };
  return { ...base, ...(await reencode(input, accepted.image)) };
}
