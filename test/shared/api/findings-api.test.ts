import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RULES } from '../../../src/rules/index.js';
import { decodeCursor, encodeCursor } from '#shared/store/cursor.js';
import { createFindingsApi, type FindingsApi } from '#shared/api/findings-api.js';
import { FindingsStore } from '#shared/store/findings-store.js';
import { apiEvent, seed, syntheticFindings } from '../../helpers/api.js';
import { type LocalDynamo, startDynalite } from '../../helpers/dynalite.js';

let dynamo: LocalDynamo;
let api: FindingsApi;
let store: FindingsStore;
const findings = syntheticFindings(120);

beforeAll(async () => {
  dynamo = await startDynalite();
  store = new FindingsStore(dynamo.client, await dynamo.createTable());
  await seed(store, findings);
  await store.recordSweep('123456789012', 'eu-west-1', [findings[0]!.ruleId], new Date('2026-12-01T00:00:00Z'));
  api = createFindingsApi({ store, rules: RULES, cursorSecret: 'test-secret', corsOrigins: ['https://console.example.test'] });
});
afterAll(async () => {
  await dynamo.stop();
});

async function get(path: string, query?: Record<string, string>, method = 'GET', headers: Record<string, string> = {}) {
  const response = await api(apiEvent(path, query, method, headers));
  return { ...response, json: JSON.parse(response.body ?? 'null') as Record<string, unknown> & { items?: Array<Record<string, unknown>> } };
}

describe('GET /findings', () => {
  it('lists findings newest change first, 50 by default, with a cursor', async () => {
    const { statusCode, json } = await get('/findings');
    expect(statusCode).toBe(200);
    expect(json.items).toHaveLength(50);
    const times = json.items!.map((f) => String(f.lastChangedAt));
    expect(times).toEqual([...times].sort().reverse());
    expect(typeof json.nextCursor).toBe('string');
    expect(Object.keys(json.items![0]!).sort()).toEqual(
      [
        'accountId',
        'evidence',
        'firstSeenAt',
        'lastChangedAt',
        'lastEvaluatedAt',
        'reason',
        'region',
        'resourceId',
        'resourceName',
        'resourceType',
        'ruleId',
        'severity',
        'status',
      ].sort(),
    );
  });

  it('filters by status, severity, rule, resource type and region, combined', async () => {
    const rule = RULES[0]!;
    const { json } = await get('/findings', {
      status: 'FAIL',
      ruleId: rule.id,
      region: 'eu-west-1',
      severity: rule.severity,
      resourceType: rule.resourceType,
      limit: '100',
    });
    const expected = findings.filter((f) => f.status === 'FAIL' && f.ruleId === rule.id && f.region === 'eu-west-1');
    expect(json.items!.map((f) => f.resourceId).sort()).toEqual(expected.map((f) => f.resourceId).sort());
    expect(json.nextCursor).toBeNull();
  });

  it('pages through every FAIL finding with cursors, without gaps or repeats', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const { json } = await get('/findings', { status: 'FAIL', limit: '17', ...(cursor ? { cursor } : {}) });
      seen.push(...json.items!.map((f) => String(f.resourceId)));
      cursor = (json.nextCursor as string | null) ?? undefined;
      pages += 1;
    } while (cursor);
    const expected = findings.filter((f) => f.status === 'FAIL').map((f) => f.resourceId);
    expect(seen.sort()).toEqual(expected.sort());
    expect(pages).toBe(Math.ceil(expected.length / 17));
  });

  it('folds the last complete sweep into lastEvaluatedAt', async () => {
    const { json } = await get('/findings', { ruleId: findings[0]!.ruleId, region: 'eu-west-1', limit: '100' });
    expect(new Set(json.items!.map((f) => f.lastEvaluatedAt))).toEqual(new Set(['2026-12-01T00:00:00.000Z']));
  });

  it.each([
    [{ status: 'BROKEN' }, 'status'],
    [{ severity: 'URGENT' }, 'severity'],
    [{ ruleId: 'no-such-rule' }, 'ruleId'],
    [{ resourceType: 'bucket' }, 'resourceType'],
    [{ region: 'mars-1' }, 'region'],
    [{ limit: '0' }, 'limit'],
    [{ limit: '101' }, 'limit'],
    [{ limit: 'ten' }, 'limit'],
    [{ limit: '-5' }, 'limit'],
    [{ status: 'FAIL,PASS' }, 'status takes one value, not a comma-separated list'],
    [{ colour: 'red' }, 'unknown query parameter colour'],
  ])('answers 400 for %o', async (query, message) => {
    const { statusCode, json, headers } = await get('/findings', query);
    expect(statusCode).toBe(400);
    expect(json).toMatchObject({ error: { code: 'BAD_REQUEST' } });
    expect(JSON.stringify(json)).toContain(message);
    expect(headers['x-content-type-options']).toBe('nosniff');
  });

  it('rejects forged or foreign cursors with 400', async () => {
    const { json } = await get('/findings', { status: 'FAIL', limit: '5' });
    const cursor = String(json.nextCursor);
    const [body, signature] = cursor.split('.');
    const payload = JSON.parse(Buffer.from(body!, 'base64url').toString()) as { k: Record<string, string> };
    payload.k.pk = 'SUPPRESSION';
    const forged = `${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${signature}`;
    for (const bad of [forged, 'garbage', `${body}.AAAA`, `${cursor}.extra`]) {
      const res = await get('/findings', { status: 'FAIL', limit: '5', cursor: bad });
      expect(res.statusCode).toBe(400);
      expect(res.json).toMatchObject({ error: { code: 'INVALID_CURSOR' } });
    }
    const otherQuery = await get('/findings', { status: 'PASS', limit: '5', cursor });
    expect(otherQuery.json).toMatchObject({ error: { code: 'INVALID_CURSOR', message: 'cursor belongs to another query' } });
  });
});

describe('GET /findings with cursors signed by the right key (a leaked key, or a bug in the API)', () => {
  const SECRET = 'test-secret';
  type Payload = { i: unknown; q: unknown; k: unknown };

  /** A real cursor of `query`, decoded, changed by `edit`, signed again with the API's own key. */
  async function resigned(query: Record<string, string>, edit: (payload: Payload & { k: Record<string, unknown> }) => void): Promise<string> {
    const real = (await get('/findings', query)).json.nextCursor as string;
    const payload = structuredClone(decodeCursor(real, SECRET)) as Payload & { k: Record<string, unknown> };
    edit(payload);
    return encodeCursor(payload as never, SECRET);
  }

  const long = 'x'.repeat(1_100);
  it.each<[string, (p: Payload & { k: Record<string, unknown> }) => void]>([
    [
      'an empty changedSort',
      (p) => {
        p.k.changedSort = '';
      },
    ],
    [
      'a 1,100-byte changedSort',
      (p) => {
        p.k.changedSort = `2026-11-01T00:00:00.000Z#F#${long}`;
      },
    ],
    [
      'a 1,100-byte pk',
      (p) => {
        p.k.pk = `F#${long}`;
        p.k.changedSort = `2026-11-01T00:00:00.000Z#F#${long}`;
      },
    ],
    [
      'a 2,100-byte pk',
      (p) => {
        p.k.pk = `F#${long}${long}`;
      },
    ],
    [
      'an empty pk',
      (p) => {
        p.k.pk = '';
      },
    ],
    [
      'a changedSort that is not <time>#<pk>',
      (p) => {
        p.k.changedSort = 'zzz';
      },
    ],
    [
      'a changedSort of another item',
      (p) => {
        p.k.changedSort = `2026-11-01T00:00:00.000Z#F#${RULES[0]!.id}#arn:other`;
      },
    ],
    [
      'a number for pk',
      (p) => {
        p.k.pk = 5;
      },
    ],
    [
      'null for changedSort',
      (p) => {
        p.k.changedSort = null;
      },
    ],
    [
      'an object for the partition key',
      (p) => {
        p.k.statusKey = { S: 'FAIL' };
      },
    ],
    [
      'an array for k',
      (p) => {
        (p as Payload).k = ['pk'];
      },
    ],
    [
      'null for k',
      (p) => {
        (p as Payload).k = null;
      },
    ],
    [
      'a number for the index',
      (p) => {
        p.i = 3;
      },
    ],
    [
      'an extra key attribute',
      (p) => {
        p.k.ruleKey = RULES[0]!.id;
      },
    ],
    [
      'a missing key attribute',
      (p) => {
        delete p.k.sk;
      },
    ],
    [
      'another sort key',
      (p) => {
        p.k.sk = 'LAST';
      },
    ],
    [
      'a start key outside findings',
      (p) => {
        p.k.pk = 'SUPPRESSION';
      },
    ],
    [
      'a lone surrogate',
      (p) => {
        p.k.pk = `F#${RULES[0]!.id}#\ud800`;
      },
    ],
  ])('answers 400 INVALID_CURSOR, not a store error, for %s', async (_name, edit) => {
    // Prepare
    const query = { status: 'FAIL', limit: '5' };
    const cursor = await resigned(query, edit);
    // Act
    const res = await get('/findings', { ...query, cursor });
    // Assess
    expect(res.json).toMatchObject({ error: { code: 'INVALID_CURSOR' } });
    expect(res.statusCode).toBe(400);
    expect(String((res.json.error as { message: string }).message)).not.toContain('signature');
  });

  it('a re-signed but unchanged cursor still resumes its query', async () => {
    const query = { status: 'FAIL', limit: '5' };
    const cursor = await resigned(query, () => undefined);
    const res = await get('/findings', { ...query, cursor });
    expect(res.statusCode).toBe(200);
    expect(res.json.items).toHaveLength(5);
  });
});

describe('GET /findings/{ruleId}/{resourceId}', () => {
  it('returns the finding with its history, resource id URL-encoded', async () => {
    const target = findings[3]!;
    const { statusCode, json } = await get(`/findings/${target.ruleId}/${encodeURIComponent(target.resourceId)}`);
    expect(statusCode).toBe(200);
    expect(json).toMatchObject({ ruleId: target.ruleId, resourceId: target.resourceId, status: target.status, history: [{ from: null, to: target.status }] });
    expect(json.rule).toMatchObject({ remediation: expect.objectContaining({ cli: expect.any(String) }) });
  });

  it('accepts the resource id with raw slashes too', async () => {
    const target = findings[4]!;
    const raw = await get(`/findings/${target.ruleId}/${target.resourceId.replace(/:/g, '%3A')}`);
    expect(raw.json).toMatchObject({ resourceId: target.resourceId });
  });

  it('answers 404 for unknown findings and rules, 400 for bad encoding', async () => {
    expect((await get(`/findings/${RULES[0]!.id}/${encodeURIComponent('arn:aws:s3:::nope')}`)).statusCode).toBe(404);
    expect((await get('/findings/no-such-rule/x')).statusCode).toBe(404);
    expect((await get('/findings/a/%E0%A4%A')).statusCode).toBe(400);
  });
});

describe('GET /summary and /rules', () => {
  it('counts by status and severity, per rule, with a readiness score', async () => {
    const { statusCode, json } = await get('/summary');
    expect(statusCode).toBe(200);
    expect(json.findings).toBe(120);
    expect(json.byStatus).toEqual({ PASS: 24, FAIL: 48, ERROR: 24, NOT_APPLICABLE: 24 });
    expect(json.readiness).toMatchObject({ score: expect.any(Number) });
    expect((json.rules as unknown[]).length).toBe(RULES.length);
  });

  it('lists the rule catalog', async () => {
    const { json } = await get('/rules');
    expect(json.items!.map((r) => r.id)).toEqual(RULES.map((r) => r.id));
    expect(json.items![0]).toMatchObject({ iamActions: expect.any(Array), remediation: expect.any(Object), checklist: expect.any(Object) });
  });
});

describe('query parameters: one rule on every route', () => {
  const finding = () => `/findings/${findings[3]!.ruleId}/${encodeURIComponent(findings[3]!.resourceId)}`;

  it.each([['/findings'], ['/summary'], ['/rules'], ['finding'], ['/']])('GET %s answers 400 for an unknown parameter, naming it', async (route) => {
    const { statusCode, json } = await get(route === 'finding' ? finding() : route, { colour: 'red' });
    expect(statusCode).toBe(400);
    expect(json).toEqual({ error: { code: 'BAD_REQUEST', message: 'unknown query parameter colour' } });
  });

  it('GET / accepts the filters the dashboard keeps in its address', async () => {
    const { statusCode, headers } = await api(
      apiEvent('/', { status: 'FAIL', severity: 'HIGH', ruleId: findings[0]!.ruleId, region: 'eu-west-1', resourceType: 'AWS::S3::Bucket' }),
    );
    expect(statusCode).toBe(200);
    expect(headers['content-type']).toMatch(/^text\/html/);
  });

  it.each([['cursor'], ['limit'], ['status'], ['ruleId']])('a repeated %s says it is repeated (API Gateway joins the values with commas)', async (name) => {
    // Prepare: what API Gateway sends for ?name=a&name=b
    const first = (await get('/findings', { status: 'FAIL', limit: '5' })).json.nextCursor as string;
    const values: Record<string, [string, string]> = {
      cursor: [first, first],
      limit: ['5', '6'],
      status: ['FAIL', 'PASS'],
      ruleId: [RULES[0]!.id, RULES[1]!.id],
    };
    const [a, b] = values[name]!;
    const event = apiEvent('/findings', { ...(name === 'status' ? {} : { status: 'FAIL' }), [name]: `${a},${b}` });
    event.rawQueryString = `${name === 'status' ? '' : 'status=FAIL&'}${name}=${encodeURIComponent(a)}&${name}=${encodeURIComponent(b)}`;
    // Act
    const res = await api(event);
    // Assess
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body ?? '')).toEqual({ error: { code: 'BAD_REQUEST', message: `${name} is given more than once; it takes one value` } });
  });

  it('a cursor with a comma is refused as a list even without the raw query string', async () => {
    const first = (await get('/findings', { status: 'FAIL', limit: '5' })).json.nextCursor as string;
    const event = apiEvent('/findings', { status: 'FAIL', cursor: `${first},${first}` });
    event.rawQueryString = '';
    const res = await api(event);
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body ?? '')).toMatchObject({ error: { code: 'BAD_REQUEST', message: 'cursor takes one value, not a comma-separated list' } });
  });

  it('a repeated parameter is reported on the routes that take none too, as the unknown parameter it is', async () => {
    const event = apiEvent('/summary', { x: '1,2' });
    event.rawQueryString = 'x=1&x=2';
    expect(JSON.parse((await api(event)).body ?? '')).toEqual({ error: { code: 'BAD_REQUEST', message: 'unknown query parameter x' } });
  });
});

describe('routing and headers', () => {
  it('answers 404 for unknown routes and 405 for other methods', async () => {
    expect((await get('/nope')).statusCode).toBe(404);
    expect((await get('/findings/only-rule')).statusCode).toBe(404);
    const post = await get('/findings', undefined, 'POST');
    expect(post.statusCode).toBe(405);
    expect(post.headers.allow).toBe('GET');
  });

  it('sends security headers on every response', async () => {
    for (const res of [await get('/findings'), await get('/nope'), await get('/findings', { limit: 'x' })]) {
      expect(res.headers).toMatchObject({
        'strict-transport-security': expect.stringContaining('max-age='),
        'x-content-type-options': 'nosniff',
        'cache-control': 'no-store',
      });
    }
  });

  it('allows CORS only for configured origins', async () => {
    const allowed = await get('/summary', undefined, 'GET', { origin: 'https://console.example.test' });
    expect(allowed.headers['access-control-allow-origin']).toBe('https://console.example.test');
    const other = await get('/summary', undefined, 'GET', { origin: 'https://evil.example' });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('never answers 500 with details for a store failure', async () => {
    const broken = createFindingsApi({ store: new FindingsStore(dynamo.client, 'no-such-table'), rules: RULES, cursorSecret: 's' });
    const res = await broken(apiEvent('/findings'));
    expect(res.statusCode).toBe(500);
    expect(res.body).toBe('{"error":{"code":"INTERNAL","message":"the request could not be served (ResourceNotFoundException)"}}');
  });
});
