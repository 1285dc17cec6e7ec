import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Database } from '@rotes-netz/core';
import { databaseKinds } from '../../../packages/core/test/support/databases.ts';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { importUnitsCommand } from '../src/roster-cli.ts';

const UNITS = [
  'Kürzel;Name;Typ;Übergeordnet',
  // Children before their parents: the import places parents first.
  'OV-MR;SPD Marburg;Ortsverein;KV-MR',
  'KV-MR;SPD Marburg-Biedenkopf;Kreisverband;LV-HE',
  'LV-HE;SPD Hessen;Landesverband;',
  'OV-X;SPD Nirgendwo;Ortsverein;KV-FEHLT',
  'OV-Y;SPD Falsch;Bezirk;KV-MR',
].join('\n');

describe.each(databaseKinds())('a second instance by configuration on $dialect', (kind) => {
  let dir: string;
  let database: Database;
  let app: FastifyInstance;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rn-instance-'));
    fs.mkdirSync(path.join(dir, 'legal'));
    fs.writeFileSync(path.join(dir, 'legal', 'impressum.md'), '# Impressum\n\nSPD Hessen, Rheinstraße 22, Wiesbaden\n');
    fs.writeFileSync(path.join(dir, 'legal', 'impressum.en.md'), '# Legal notice\n\nSPD Hessen, Wiesbaden\n');
    fs.writeFileSync(path.join(dir, 'legal', 'datenschutz.md'), 'Wir *schützen* Daten. <script>alert(1)</script>\n');
    fs.writeFileSync(path.join(dir, 'units.csv'), UNITS);
    database = await kind.open();
    const config = loadConfig({
      LOG_LEVEL: 'silent',
      WEB_DIST: '/nonexistent',
      RUN_WORKER: 'false',
      INSTANCE_NAME: 'Rotes Netz Hessen',
      INSTANCE_SHORT_NAME: 'RN Hessen',
      BRAND_PRIMARY_COLOR: '#C0001A',
      MAIL_FROM: 'SPD Hessen <netz@spd-hessen.example>',
      LEGAL_DIR: path.join(dir, 'legal'),
    });
    const lines: string[] = [];
    expect(await importUnitsCommand(database, path.join(dir, 'units.csv'), { apply: true }, (l) => lines.push(l))).toBe(
      1,
    );
    expect(lines.join('\n')).toContain('3 new, 0 renamed, 0 unchanged, 2 with errors');
    expect(lines.join('\n')).toMatch(/line 5: no unit has the code KV-FEHLT/);
    expect(lines.join('\n')).toMatch(/line 6: unknown type "Bezirk"/);
    app = await buildApp({ config, database });
  });

  afterEach(async () => {
    await app.close();
    await database.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('starts with its own name and colours, its own units and no demo data', async () => {
    const instance = await app.inject({ method: 'GET', url: '/api/v1/instance' });
    expect(instance.json()).toEqual({
      name: 'Rotes Netz Hessen',
      shortName: 'RN Hessen',
      primaryColor: '#C0001A',
      accentColor: '#B5000C',
      logoUrl: '/logo.svg',
      demo: false,
      legalPages: ['impressum', 'datenschutz'],
      // No identity provider configured: members sign in with their password.
      partyAccount: false,
    });
    const units = await database.db.selectFrom('units').select(['code', 'name', 'type']).orderBy('depth').execute();
    expect(units).toEqual([
      { code: 'LV-HE', name: 'SPD Hessen', type: 'landesverband' },
      { code: 'KV-MR', name: 'SPD Marburg-Biedenkopf', type: 'kreisverband' },
      { code: 'OV-MR', name: 'SPD Marburg', type: 'ortsverein' },
    ]);
    // Every unit has its rooms, as if made in the app.
    expect(await database.db.selectFrom('rooms').select('id').execute()).toHaveLength(6);
    expect(await database.db.selectFrom('members').select('id').execute()).toEqual([]);
    expect(await database.db.selectFrom('events').select('id').execute()).toEqual([]);
  });

  it('importing the same file again changes nothing; a new name is taken over', async () => {
    const file = path.join(dir, 'units.csv');
    fs.writeFileSync(file, UNITS.replace('SPD Marburg;', 'SPD Marburg (Lahn);').split('\n').slice(0, 4).join('\n'));
    const lines: string[] = [];
    expect(await importUnitsCommand(database, file, { apply: true }, (l) => lines.push(l))).toBe(0);
    expect(lines[0]).toContain('0 new, 1 renamed, 2 unchanged, 0 with errors');
    const ov = await database.db.selectFrom('units').select('name').where('code', '=', 'OV-MR').executeTakeFirst();
    expect(ov).toEqual({ name: 'SPD Marburg (Lahn)' });
  });

  it('shows its legal pages from Markdown files, in English where written, to everyone', async () => {
    const de = await app.inject({ method: 'GET', url: '/api/v1/legal/impressum' });
    expect(de.statusCode).toBe(200);
    expect(de.json()).toEqual({
      page: 'impressum',
      locale: 'de',
      html: '<h1>Impressum</h1>\n<p>SPD Hessen, Rheinstraße 22, Wiesbaden</p>\n',
    });
    const en = await app.inject({
      method: 'GET',
      url: '/api/v1/legal/impressum',
      headers: { 'accept-language': 'en' },
    });
    expect(en.json()).toMatchObject({ locale: 'en', html: expect.stringContaining('<h1>Legal notice</h1>') });
    // No English text: the German one, said so.
    const privacy = await app.inject({
      method: 'GET',
      url: '/api/v1/legal/datenschutz',
      headers: { 'accept-language': 'en' },
    });
    expect(privacy.json()).toMatchObject({ locale: 'de', html: expect.stringContaining('<em>schützen</em>') });
    expect(privacy.json().html).not.toContain('<script');
    const missing = await app.inject({ method: 'GET', url: '/api/v1/legal/barrierefreiheit' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ code: 'not_found' });
    const unknown = await app.inject({ method: 'GET', url: '/api/v1/legal/..%2F..%2Fetc%2Fpasswd' });
    expect(unknown.statusCode).toBe(422);
  });
});
