/**
 * Encryption at rest for small secrets kept in the database (TOTP secrets): AES-256-GCM with the
 * instance key. A stolen database alone then yields no usable second factor.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** A 32-byte key for {@link seal} and {@link unseal}. */
export type SecretKey = Buffer;

/**
 * The instance key: derived from `SECRET_KEY` when it is set; otherwise read from `keyFile`, which
 * is created once with a random key (mode 0600). Several app nodes must share `SECRET_KEY`.
 */
export async function loadSecretKey(input: { secretKey: string | undefined; keyFile: string }): Promise<SecretKey> {
  if (input.secretKey) return createHash('sha256').update(input.secretKey).digest();
  try {
    return decodeKeyFile(await readFile(input.keyFile, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(path.dirname(input.keyFile), { recursive: true });
  try {
    // `wx` fails when another process created the file in the meantime; then we read theirs.
    await writeFile(input.keyFile, randomBytes(32).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return decodeKeyFile(await readFile(input.keyFile, 'utf8'));
}

function decodeKeyFile(text: string): SecretKey {
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== 32) throw new Error('secret key file does not hold a 32-byte base64 key');
  return key;
}

/** Encrypts `plaintext`; the result (`v1.<iv>.<tag>.<ciphertext>`, base64url) is safe to store. */
export function seal(key: SecretKey, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), data]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.');
}

/** Decrypts what {@link seal} made; throws when it was made with another key or altered. */
export function unseal(key: SecretKey, sealed: string): string {
  const [version, iv, tag, data] = sealed.split('.');
  if (version !== 'v1' || !iv || !tag || data === undefined) throw new Error('not a sealed value');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
}
