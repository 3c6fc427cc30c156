/**
 * Fuzz: the findings API (createFindingsApi on dynalite, seeded with findings). Random paths, query
 * strings, cursors (random, tampered, replayed on another query, forged with the signing key),
 * headers, bodies and methods: never a 500, never a stack trace or internal detail in the body, the
 * security headers on every response, JSON bodies only. Cursors forged from a real cursor of the same
 * query and signed with the API's key pass the signature and query checks, so their hostile keys reach
 * the field checks and, when well-formed, DynamoDB itself.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RULES } from '../../src/rules/index.js';
import { decodeCursor, encodeCursor } from '#shared/store/cursor.js';
import { createFindingsApi, type FindingsApi } from '#shared/api/findings-api.js';
import { SECURITY_HEADERS } from '#shared/api/http.js';
import { FindingsStore } from '#shared/store/findings-store.js';
import { apiEvent, seed, syntheticFindings } from '../helpers/api.js';
import { type LocalDynamo, startDynalite } from '../helpers/dynalite.js';
import { fuzz, printRunCounts } from './support/fuzz.js';
import { hostileString, hostileValue, type JsonValue } from './support/hostile.js';

const SECRET = 'fuzz-secret';
const ALLOWED_ORIGIN = 'https://console.example.test';
const findings = syntheticFindings(150);
const STACK_TRACE = /\n\s+at |\bat .+\.(ts|js|mjs):\d+|node_modules|\/src\/|Error: .*\n/;

let dynamo: LocalDynamo;
let api: FindingsApi;
const errors: unknown[] = [];
/** Real cursors issued by the API for a few queries, to tamper with and replay across queries. */
const issued: string[] = [];

beforeAll(async () => {
  dynamo = await startDynalite();
  const store = new FindingsStore(dynamo.client, await dynamo.createTable());
  await seed(store, findings);
  api = createFindingsApi({ store, rules: RULES, cursorSecret: SECRET, corsOrigins: [ALLOWED_ORIGIN], onError: (e) => errors.push(e) });
  const queries: Array<Record<string, string>> = [
    { limit: '7' },
    { status: 'FAIL', limit: '5' },
    { ruleId: RULES[0]!.id, limit: '2' },
    { severity: 'HIGH', limit: '3' },
  ];
  for (const query of queries) {
    const response = await api(apiEvent('/findings', query));
    const cursor = (JSON.parse(response.body ?? '{}') as { nextCursor?: string | null }).nextCursor;
    if (cursor) issued.push(cursor);
  }
});
afterAll(async () => {
  printRunCounts('fuzz-api');
  await dynamo.stop();
});

const known = findings[3]!;
const segment = fc.oneof(
  fc.constantFrom(
    'findings',
    'summary',
    'rules',
    known.ruleId,
    encodeURIComponent(known.resourceId),
    known.resourceId,
    '%',
    '%E0%A4%A',
    '%ZZ',
    '..',
    '%2F',
    '%00',
    '',
  ),
  fc.webSegment(),
  hostileString.map(encodeURIComponent),
  hostileString,
);
const path = fc.oneof(
  { weight: 3, arbitrary: fc.array(segment, { minLength: 0, maxLength: 5 }).map((s) => `/${s.join('/')}`) },
  { weight: 1, arbitrary: fc.webPath() },
  {
    weight: 6,
    arbitrary: fc.constantFrom(
      '/findings',
      '/findings',
      '/findings/',
      '/summary',
      '/rules',
      `/findings/${known.ruleId}/${encodeURIComponent(known.resourceId)}`,
      `/findings/${known.ruleId}/${known.resourceId}`,
    ),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom(...RULES.map((r) => r.id)), fc.oneof(hostileString, hostileString.map(encodeURIComponent)))
      .map(([rule, id]) => `/findings/${rule}/${id}`),
  },
  { weight: 1, arbitrary: hostileString },
);

const forgedCursor = fc
  .record({
    i: fc.oneof(fc.constantFrom('byChange', 'byStatus', 'byRule', 'byScope', 'outbox'), hostileString),
    q: fc.oneof(fc.constantFrom('', 'status=FAIL', `ruleId=${known.ruleId}`), hostileString),
    k: fc.dictionary(
      fc.constantFrom('pk', 'sk', 'allKey', 'statusKey', 'ruleKey', 'changedSort', 'scopeKey', 'x'),
      fc.oneof(hostileString, fc.constantFrom('F', 'F#', 'ALL', 'FAIL', `F#${known.ruleId}#x`)),
    ),
  })
  .map((payload) => encodeCursor(payload, SECRET));

const cursor = fc.oneof(
  hostileString,
  fc.stringMatching(/^[A-Za-z0-9_-]{1,200}$/).map((b) => `${b}.${b.slice(0, 32)}`),
  forgedCursor,
  fc.nat().map((i) => issued[i % Math.max(issued.length, 1)] ?? 'x.y'),
  fc.tuple(fc.nat(), fc.nat(), fc.string({ minLength: 1, maxLength: 1 })).map(([i, at, c]) => {
    const real = issued[i % Math.max(issued.length, 1)] ?? 'x.y';
    const pos = at % real.length;
    return `${real.slice(0, pos)}${c}${real.slice(pos + 1)}`;
  }),
);

const queryValue = (name: string): fc.Arbitrary<string> => {
  const valid: Record<string, string[]> = {
    status: ['PASS', 'FAIL', 'ERROR', 'NOT_APPLICABLE', 'RESOLVED', 'SUPPRESSED', 'fail', 'FAIL,PASS'],
    severity: ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'high'],
    ruleId: [known.ruleId, 'nope', `${known.ruleId},${known.ruleId}`],
    resourceType: ['AWS::S3::Bucket', 'AWS::::Account', 'AWS::S3'],
    region: ['eu-west-1', 'global', 'EU-WEST-1', 'us-east-1a'],
    limit: ['1', '100', '0', '101', '-1', '1e2', '50.5', ' 5', '007', '9'.repeat(400)],
  };
  if (name === 'cursor') return cursor;
  return fc.oneof(fc.constantFrom(...(Object.hasOwn(valid, name) ? valid[name]! : ['x'])), hostileString);
};
const query = fc
  .uniqueArray(fc.constantFrom('status', 'severity', 'ruleId', 'resourceType', 'region', 'limit', 'cursor', 'unknown', '__proto__', 'constructor'), {
    maxLength: 5,
  })
  .chain((names) => fc.tuple(...names.map((n) => queryValue(n).map((v) => [n, v] as const))))
  .map((entries) => (entries.length === 0 ? undefined : (JSON.parse(JSON.stringify(Object.fromEntries(entries))) as Record<string, string>)));

const request = fc.record({
  method: fc.oneof(
    { weight: 8, arbitrary: fc.constant('GET') },
    { weight: 3, arbitrary: fc.constantFrom('POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'OPTIONS', 'HEAD', 'get', '') },
    { weight: 1, arbitrary: hostileString },
  ),
  path,
  query,
  headers: fc.dictionary(
    fc.oneof(fc.constantFrom('origin', 'Origin', 'authorization', 'content-type', 'x-forwarded-for', 'cookie'), fc.string({ maxLength: 20 })),
    fc.oneof(fc.constantFrom(ALLOWED_ORIGIN, 'https://evil.example', 'null'), hostileString),
    { maxKeys: 4 },
  ),
  body: fc.option(fc.oneof(hostileString, fc.json()), { nil: undefined }),
  isBase64Encoded: fc.boolean(),
  dropContext: fc.integer({ min: 0, max: 9 }),
});

/** Every security header; a page may tighten its CSP (the dashboard lists its script by hash) but never drop its defaults. */
function expectSecurityHeaders(headers: Record<string, string>): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
    if (name === 'content-security-policy') {
      expect(headers[name], name).toContain("default-src 'none'");
      expect(headers[name], name).toContain("frame-ancestors 'none'");
    } else {
      expect(headers[name], name).toBe(value);
    }
  }
}

type Request = typeof request extends fc.Arbitrary<infer T> ? T : never;

function eventOf(r: Request): APIGatewayProxyEventV2 {
  const event = apiEvent(r.path, undefined, r.method || 'GET', r.headers);
  event.rawQueryString = r.query ? new URLSearchParams(r.query).toString() : '';
  event.queryStringParameters = r.query;
  event.body = r.body;
  event.isBase64Encoded = r.isBase64Encoded;
  if (r.method === '') (event.requestContext.http as { method?: string }).method = undefined;
  // API Gateway always sends these; a hand-made or test event may not.
  if (r.dropContext === 0) (event as { headers?: unknown }).headers = undefined;
  return event;
}

describe('findings API under random requests', () => {
  it('never answers 500, always with security headers and a JSON body free of internals', async () => {
    const statuses: Record<number, number> = {};
    await fuzz(
      'api: paths, queries, cursors, headers, bodies, methods',
      request,
      async (r) => {
        const response = await api(eventOf(r));
        statuses[response.statusCode] = (statuses[response.statusCode] ?? 0) + 1;
        expect([200, 204, 400, 404, 405], `status for ${JSON.stringify(r).slice(0, 300)}`).toContain(response.statusCode);
        expectSecurityHeaders(response.headers);
        const body = response.body ?? '';
        // GET / is the dashboard (a static HTML page with its own, stricter CSP); everything else is JSON.
        const dashboard = response.statusCode === 200 && response.headers['content-type']?.startsWith('text/html');
        if (response.statusCode !== 204 && !dashboard) {
          expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
          const parsed = JSON.parse(body) as { error?: { code: string; message: string } };
          if (response.statusCode >= 400) expect(typeof parsed.error?.code).toBe('string');
          expect(body).not.toMatch(STACK_TRACE);
        }
        if ((r.headers.origin ?? r.headers.Origin) !== ALLOWED_ORIGIN) expect(response.headers['access-control-allow-origin']).toBeUndefined();
      },
      1_500,
    );
    console.log('[fuzz] api statuses', statuses);
    expect(errors).toEqual([]);
    expect(Object.keys(statuses).length).toBeGreaterThanOrEqual(4);
  }, 180_000);

  it('GET /findings answers 200 or 400 for any query and cursor, and a 200 page is well-formed', async () => {
    const statuses: Record<number, number> = {};
    await fuzz('api: GET /findings with random queries and cursors', query, async (q) => {
      const response = await api(apiEvent('/findings', q));
      statuses[response.statusCode] = (statuses[response.statusCode] ?? 0) + 1;
      expect([200, 400], String(JSON.stringify(q)).slice(0, 300)).toContain(response.statusCode);
      expectSecurityHeaders(response.headers);
      expect(response.body).not.toMatch(STACK_TRACE);
      const body = JSON.parse(response.body ?? '') as { items?: unknown[]; nextCursor?: unknown; error?: { code: string } };
      if (response.statusCode === 200) {
        expect(Array.isArray(body.items)).toBe(true);
        expect(body.nextCursor === null || typeof body.nextCursor === 'string').toBe(true);
      } else {
        expect(['BAD_REQUEST', 'INVALID_CURSOR']).toContain(body.error?.code);
      }
    });
    console.log('[fuzz] GET /findings statuses', statuses);
    expect(errors).toEqual([]);
    expect(statuses[200] ?? 0).toBeGreaterThan(100);
  }, 180_000);
});

/** A query every part of which is valid, so a request reaches its cursor; at most two filters, so most have a next page. */
const VALID_FILTERS: Record<string, readonly string[]> = {
  status: ['PASS', 'FAIL', 'ERROR', 'NOT_APPLICABLE'],
  severity: ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'],
  ruleId: RULES.slice(0, 6).map((r) => r.id),
  region: ['eu-west-1', 'us-east-1'],
  resourceType: [...new Set(RULES.slice(0, 6).map((r) => r.resourceType))],
};
const validQuery = fc
  .uniqueArray(fc.constantFrom(...Object.keys(VALID_FILTERS)), { maxLength: 2 })
  .chain((names) => fc.tuple(...names.map((n) => fc.constantFrom(...VALID_FILTERS[n]!).map((v) => [n, v] as const))))
  .chain((entries) => fc.constantFrom('1', '2', '5', '50').map((limit) => ({ ...Object.fromEntries(entries), limit }) as Record<string, string>));

/** One change to a decoded cursor's start key: well-shaped hostile keys (these reach DynamoDB), wrong types, missing or extra attributes. */
const keyEdit = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .tuple(hostileString, fc.constantFrom('2026-11-01T00:00:00.000Z', '0000-00-00T00:00:00.000Z', '9999-99-99T99:99:99.999Z'), fc.boolean())
      .map(([id, time, keepRule]) => ({ kind: 'shaped' as const, id, time, keepRule })),
  },
  {
    weight: 2,
    arbitrary: fc.tuple(fc.constantFrom('pk', 'sk', 'changedSort', 'partition'), hostileValue).map(([key, value]) => ({ kind: 'set' as const, key, value })),
  },
  { weight: 1, arbitrary: fc.constantFrom('pk', 'sk', 'changedSort', 'partition').map((key) => ({ kind: 'delete' as const, key })) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom('ruleKey', 'statusKey', 'allKey', 'scopeKey', 'x', '__proto__'), hostileValue)
      .map(([key, value]) => ({ kind: 'extra' as const, key, value })),
  },
);
type KeyEdit = typeof keyEdit extends fc.Arbitrary<infer T> ? T : never;

function applyEdit(k: Record<string, JsonValue>, edit: KeyEdit): void {
  const partition = Object.keys(k).find((name) => !['pk', 'sk', 'changedSort'].includes(name)) ?? 'allKey';
  const name = (key: string) => (key === 'partition' ? partition : key);
  if (edit.kind === 'shaped') {
    const rule = edit.keepRule ? String(k.pk).split('#')[1] : 'x';
    k.pk = `F#${rule}#${edit.id}`;
    k.changedSort = `${edit.time}#${k.pk}`;
  } else if (edit.kind === 'set') k[name(edit.key)] = edit.value;
  else if (edit.kind === 'delete') delete k[name(edit.key)];
  else Object.defineProperty(k, edit.key, { value: edit.value, enumerable: true, configurable: true, writable: true });
}

describe("GET /findings with cursors forged with the API's own key", () => {
  it('answers 200 or 400 INVALID_CURSOR, never a store error; the forgeries pass the signature and reach the checks and the store', async () => {
    const outcomes = { signed: 0, pastSignature: 0, pastQueryCheck: 0, reachedStore: 0 };
    const beforeSignature = /signature|malformed|not valid JSON/;
    await fuzz(
      'api: cursors forged from a real one and signed with the key',
      fc.tuple(validQuery, fc.array(keyEdit, { minLength: 1, maxLength: 3 })),
      async ([q, edits]) => {
        // Prepare: a real cursor of this very query (limit 1 leaves more to read), edited, signed again.
        const first = await api(apiEvent('/findings', { ...q, limit: '1' }));
        const real = (JSON.parse(first.body ?? '{}') as { nextCursor?: string | null }).nextCursor;
        if (!real) return;
        const payload = decodeCursor(real, SECRET) as { i: string; q: string; k: Record<string, JsonValue> };
        for (const edit of edits) applyEdit(payload.k, edit);
        const cursor = encodeCursor(payload as never, SECRET);
        outcomes.signed += 1;
        // Act
        const response = await api(apiEvent('/findings', { ...q, cursor }));
        // Assess
        const body = JSON.parse(response.body ?? '') as { items?: unknown[]; error?: { code: string; message: string } };
        expect([200, 400], `${JSON.stringify(payload).slice(0, 300)} → ${response.body?.slice(0, 200)}`).toContain(response.statusCode);
        expect(response.body).not.toMatch(STACK_TRACE);
        const message = body.error?.message ?? '';
        if (response.statusCode === 400) expect(body.error?.code).toBe('INVALID_CURSOR');
        else expect(Array.isArray(body.items)).toBe(true);
        if (!beforeSignature.test(message)) outcomes.pastSignature += 1;
        if (!beforeSignature.test(message) && message !== 'cursor belongs to another query') outcomes.pastQueryCheck += 1;
        if (response.statusCode === 200) outcomes.reachedStore += 1;
      },
    );
    console.log('[fuzz] forged-and-signed cursors', outcomes);
    expect(errors).toEqual([]);
    // Worth something only if the forgeries get through: nearly all past the signature and the query
    // binding, and many well-formed enough that DynamoDB reads from their start key.
    expect(outcomes.signed).toBeGreaterThan(500);
    expect(outcomes.pastQueryCheck).toBeGreaterThan(outcomes.signed * 0.9);
    expect(outcomes.reachedStore).toBeGreaterThan(100);
  }, 180_000);
});
