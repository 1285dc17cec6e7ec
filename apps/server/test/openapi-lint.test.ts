/**
 * Client generators read the OpenAPI document the app builds: Spectral's `spectral:oas` ruleset
 * (its recommended rules, none switched off) must find nothing in it, every operation says who
 * may call it, and the main schemas carry an example Spectral checks against the schema.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import spectralCore from '@stoplight/spectral-core';
import { oas } from '@stoplight/spectral-rulesets';
import { databaseKinds } from '../../../packages/core/test/support/databases.ts';
import { describedOperationIds } from '../src/plugins/openapi-descriptions.ts';
import { buildTestApp, type TestApp } from './support/app.ts';

const { Spectral } = spectralCore;

interface Operation {
  operationId: string;
  summary?: string;
  description?: string;
}

describe('the OpenAPI document for client generators', () => {
  let t: TestApp;
  let doc: {
    paths: Record<string, Record<string, Operation>>;
    components: { schemas: Record<string, { example?: unknown }> };
  };
  beforeAll(async () => {
    t = await buildTestApp(databaseKinds()[0]!);
    doc = (await t.app.inject('/api/openapi.json')).json();
  });
  afterAll(() => t.close());

  it('draws no finding from the spectral:oas ruleset', async () => {
    const spectral = new Spectral();
    spectral.setRuleset({ extends: [[oas as never, 'recommended']] });
    const results = await spectral.run(JSON.stringify(doc));
    expect(results.map((r) => `${r.code} ${r.path.join('.')}: ${r.message}`)).toEqual([]);
  });

  it('describes every operation: what it does, then who may call it and what anyone else gets', () => {
    const operations = Object.values(doc.paths).flatMap((item) => Object.values(item));
    const vague = operations.filter(
      (op) =>
        !op.summary ||
        (!op.description?.startsWith(op.summary) && !op.description?.includes('. ')) ||
        !/Anyone|401/.test(op.description ?? ''),
    );
    expect(vague.map((op) => op.operationId)).toEqual([]);
    // Every id the central table names is a real operation (a renamed route is noticed).
    const ids = new Set(operations.map((op) => op.operationId));
    expect(describedOperationIds().filter((id) => !ids.has(id))).toEqual([]);
    expect(doc.paths['/api/v1/threads/{id}/pin']!.put!.description).toContain(
      'Moderators of the room; anyone else gets 404',
    );
  });

  it('gives the main schemas an example', () => {
    const schemas = ['Me', 'RoomSummary', 'ThreadSummary', 'Post', 'EventSummary', 'Idea', 'Problem'];
    expect(schemas.filter((name) => doc.components.schemas[name]?.example === undefined)).toEqual([]);
  });
});
