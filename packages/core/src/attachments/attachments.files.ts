/**
 * File names and file storage of attachments. A user's file name is shown and offered on download,
 * never used on disk: files are stored under a random key. The name itself is cleaned so it can
 * neither climb directories (`../`), nor hide its real extension behind direction overrides
 * (`‮fdp.exe`), nor carry control characters into headers, nor be endlessly long.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Longest file name kept, in characters, without the extension. */
const MAX_BASE_LENGTH = 100;
/** Control, format (direction overrides, zero-width), private-use, surrogate and line/paragraph separators. */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Co}\p{Cs}\p{Zl}\p{Zp}]/gu;
/** Characters that mean something to file systems or shells. */
const RESERVED = /[<>:"/\\|?*]/g;
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com\d|lpt\d)$/i;
const KEY = /^[0-9a-f]{32}$/;

function splitExtension(name: string): [string, string | undefined] {
  const dot = name.lastIndexOf('.');
  if (dot <= 0 || dot === name.length - 1) return [name, undefined];
  return [name.slice(0, dot), name.slice(dot + 1)];
}

/**
 * A safe file name for display and download: the last path segment, without invisible characters,
 * trimmed to a sensible length, and ending in the extension of the content (`bild.html` holding a
 * PNG becomes `bild.png`).
 */
export function cleanFileName(raw: string, type: { extension: string; aliases: string[] }): string {
  let name = raw.normalize('NFC').replace(INVISIBLE, '');
  name = name.split(/[/\\]/).pop() ?? '';
  name = name.replace(RESERVED, '_').replace(/\s+/g, ' ').trim();
  name = name.replace(/^[.\s]+/, '').replace(/[.\s]+$/, '');

  let [base, extension] = splitExtension(name);
  if (!extension || !type.aliases.includes(extension.toLowerCase())) {
    // Drop a wrong extension (`.exe`, `.html`) when it looks like one; keep odd dots in a name.
    if (!extension || !/^[\p{L}\p{N}]{1,8}$/u.test(extension)) base = name;
    extension = undefined;
    const [inner, innerExtension] = splitExtension(base);
    if (innerExtension && type.aliases.includes(innerExtension.toLowerCase())) {
      [base, extension] = [inner, innerExtension];
    }
  }
  base = [...base].slice(0, MAX_BASE_LENGTH).join('').trim();
  if (base === '' || WINDOWS_DEVICE.test(base)) base = base === '' ? 'Datei' : `_${base}`;
  return `${base}.${(extension ?? type.extension).toLowerCase()}`;
}

/**
 * `Content-Disposition` for a download: an ASCII fallback for old clients and the exact name in
 * `filename*` (RFC 6266 / RFC 8187).
 */
export function contentDisposition(kind: 'attachment' | 'inline', fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

function pathOf(uploadDir: string, key: string): string {
  if (!KEY.test(key)) throw new Error('invalid storage key');
  return join(uploadDir, 'attachments', key.slice(0, 2), key);
}

/** Writes a file under a new random key; returns the key. */
export async function storeAttachmentFile(uploadDir: string, data: Buffer): Promise<string> {
  const key = randomBytes(16).toString('hex');
  const path = pathOf(uploadDir, key);
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, data, { flag: 'wx' });
  return key;
}

/** Reads a stored file; undefined when it is gone. */
export async function readAttachmentFile(uploadDir: string, key: string): Promise<Buffer | undefined> {
  try {
    return await readFile(pathOf(uploadDir, key));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Removes a stored file; a file already gone is fine. */
export async function removeAttachmentFile(uploadDir: string, key: string): Promise<void> {
  if (KEY.test(key)) await rm(pathOf(uploadDir, key), { force: true });
}
