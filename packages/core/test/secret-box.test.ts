import { describe, expect, it } from 'vitest';
import { mkdtemp, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadSecretKey, seal, unseal } from '../src/crypto/secret-box.ts';

describe('secret box', () => {
  it('creates a key file once (mode 0600) and reuses it', async () => {
    const keyFile = path.join(await mkdtemp(path.join(tmpdir(), 'rn-key-')), 'data', 'secret.key');
    const first = await loadSecretKey({ secretKey: undefined, keyFile });
    const second = await loadSecretKey({ secretKey: undefined, keyFile });
    expect(first.equals(second)).toBe(true);
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
    expect(unseal(second, seal(first, 'JBSWY3DPEHPK3PXP'))).toBe('JBSWY3DPEHPK3PXP');
  });

  it('refuses a value sealed with another key or altered', async () => {
    const a = await loadSecretKey({ secretKey: 'a'.repeat(32), keyFile: '/nonexistent' });
    const b = await loadSecretKey({ secretKey: 'b'.repeat(32), keyFile: '/nonexistent' });
    const sealed = seal(a, 'secret');
    expect(() => unseal(b, sealed)).toThrow();
    expect(() => unseal(a, sealed.slice(0, -2) + (sealed.endsWith('A') ? 'BB' : 'AA'))).toThrow();
  });
});
