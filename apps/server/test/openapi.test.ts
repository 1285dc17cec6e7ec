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

  it('gives client generators a unique verbNoun operationId per operation and only defined tags', async () => {
    const doc = (await t.app.inject('/api/openapi.json')).json();
    const operations = Object.entries<Record<string, { operationId?: string; tags?: string[] }>>(doc.paths).flatMap(
      ([path, item]) => Object.entries(item).map(([method, op]) => ({ where: `${method} ${path}`, ...op })),
    );
    expect(operations.length).toBeGreaterThan(150);
    const ids = operations.map((op) => op.operationId);
    expect(operations.filter((op) => !/^[a-z]+[A-Z][A-Za-z]*$/.test(op.operationId ?? ''))).toEqual([]);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    expect(doc.paths['/api/v1/rooms/{id}/threads'].get.operationId).toBe('listRoomThreads');
    expect(doc.paths['/api/v1/rooms/{id}/threads'].post.operationId).toBe('createRoomThread');
    expect(doc.paths['/api/v1/auth/sign-in'].post.operationId).toBe('signIn');
    const defined = new Map<string, string>(
      doc.tags.map((tag: { name: string; description: string }) => [tag.name, tag.description]),
    );
    const undefinedTags = operations.flatMap((op) => (op.tags ?? []).filter((tag) => !defined.get(tag)));
    expect(undefinedTags).toEqual([]);
  });
});
