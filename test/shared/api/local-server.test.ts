import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RULES } from '../../../src/rules/index.js';
import { createFindingsApi } from '../../../src/shared/api/findings-api.js';
import { type LocalServer, startLocalServer } from '../../../src/shared/api/local-server.js';
import { FindingsStore } from '../../../src/shared/store/findings-store.js';
import { seed, syntheticFindings } from '../../helpers/api.js';
import { type LocalDynamo, startDynalite } from '../../helpers/dynalite.js';

let dynamo: LocalDynamo;
let server: LocalServer;
const findings = syntheticFindings(90);

beforeAll(async () => {
  dynamo = await startDynalite();
  const store = new FindingsStore(dynamo.client, await dynamo.createTable());
  await seed(store, findings);
  server = await startLocalServer(createFindingsApi({ store, rules: RULES, cursorSecret: 'e2e' }));
});
afterAll(async () => {
  await server.close();
  await dynamo.stop();
});

describe('the findings API over real HTTP', () => {
  it('binds 127.0.0.1 on a free port', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('pages across 3 pages with cursors, filters combined, with JSON and security headers', async () => {
    const expected = findings.filter((f) => f.status === 'FAIL' && f.region === 'us-east-1');
    expect(expected.length).toBeGreaterThan(10);
    const limit = Math.ceil(expected.length / 3);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url = new URL('/findings', server.url);
      url.searchParams.set('status', 'FAIL');
      url.searchParams.set('region', 'us-east-1');
      url.searchParams.set('limit', String(limit));
      if (cursor) url.searchParams.set('cursor', cursor);
      const res = await fetch(url);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(res.headers.get('strict-transport-security')).toContain('max-age');
      const body = (await res.json()) as { items: Array<{ resourceId: string }>; nextCursor: string | null };
      seen.push(...body.items.map((f) => f.resourceId));
      cursor = body.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen.sort()).toEqual(expected.map((f) => f.resourceId).sort());
  });

  it('serves one finding by URL-encoded ARN, and the summary and rules', async () => {
    const target = findings[1]!;
    const one = await fetch(`${server.url}/findings/${target.ruleId}/${encodeURIComponent(target.resourceId)}`);
    expect(one.status).toBe(200);
    expect(await one.json()).toMatchObject({ resourceId: target.resourceId, history: expect.any(Array) });
    expect((await fetch(`${server.url}/summary`)).status).toBe(200);
    expect((await fetch(`${server.url}/rules`)).status).toBe(200);
  });

  it('answers 400, 404 and 405 as JSON', async () => {
    const bad = await fetch(`${server.url}/findings?limit=1000`);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'BAD_REQUEST' } });
    expect((await fetch(`${server.url}/nothing-here`)).status).toBe(404);
    expect((await fetch(`${server.url}/findings`, { method: 'DELETE' })).status).toBe(405);
  });
});
