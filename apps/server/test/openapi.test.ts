import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validate } from '@readme/openapi-parser';
import { databaseKinds } from '../../../packages/core/test/support/databases.ts';
import { buildTestApp, type TestApp } from './support/app.ts';

describe('the OpenAPI document', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(databaseKinds()[0]!);
  });
  afterAll(() => t.close());

  it('validates as OpenAPI 3.1 and documents every API route under /api/v1', async () => {
    const doc = (await t.app.inject('/api/openapi.json')).json();
    const result = await validate(structuredClone(doc));
    expect(result.valid ? [] : result.errors).toEqual([]);
    const paths = Object.keys(doc.paths);
    expect(paths.filter((p) => p.startsWith('/api/') && !p.startsWith('/api/v1/'))).toEqual([]);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/healthz',
        '/readyz',
        '/api/v1/me',
        '/api/v1/instance',
        '/api/v1/auth/sign-in',
        '/api/v1/auth/sign-out',
        '/api/v1/units',
        '/api/v1/units/roots',
        '/api/v1/units/{id}',
        '/api/v1/units/{id}/children',
        '/api/v1/units/{id}/ancestry',
        '/api/v1/admin/mails',
        '/api/v1/admin/mails/test',
      ]),
    );
    expect(doc.paths['/api/v1/auth/sign-in'].post.responses['422']).toBeDefined();
  });
});
