/**
 * Hostile input for the fuzz properties: the repository's real-shaped CloudTrail fixtures, mutated
 * (values replaced by any JSON, keys dropped, events re-routed to other rules' event names, fields
 * from other services' events), plus plain random JSON. Everything stays JSON: that is all
 * EventBridge can deliver.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { RULES } from '../../../src/rules/index.js';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

const FIXTURES_DIR = fileURLToPath(new URL('../../fixtures/cloudtrail/', import.meta.url));

/** Every real-shaped EventBridge CloudTrail event of test/fixtures/cloudtrail, by file name. */
export const FIXTURES: ReadonlyArray<{ file: string; event: JsonObject }> = readdirSync(FIXTURES_DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((file) => ({ file, event: JSON.parse(readFileSync(join(FIXTURES_DIR, file), 'utf8')) as JsonObject }));

/** Every (eventSource, eventName) some rule listens to: mutations re-route events among them. */
export const TRIGGER_PAIRS: ReadonlyArray<{ eventSource: string; eventName: string }> = [
  ...new Map(
    RULES.flatMap((r) => r.triggers.flatMap((t) => t.eventNames.map((eventName) => ({ eventSource: t.eventSource, eventName })))).map(
      (p) => [`${p.eventSource} ${p.eventName}`, p] as const,
    ),
  ).values(),
];

function keysOf(value: JsonValue | undefined, into: Set<string>): void {
  if (Array.isArray(value)) for (const v of value) keysOf(v, into);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      into.add(k);
      keysOf(v, into);
    }
  }
}

/** Field names the extractors read (from every fixture's request/response, and the dotted paths rules use). */
export const PARAMETER_KEYS: readonly string[] = (() => {
  const keys = new Set([
    'bucketName',
    'alarmName',
    'alarmNames',
    'topicArn',
    'subscriptionArn',
    'cacheClusterId',
    'replicationGroupId',
    'budgetName',
    'dashboardNames',
    'logGroupName',
    'resourceArn',
    'secretId',
    'vpcId',
    'groupId',
    'restApiId',
    'stageName',
    'loadBalancerArn',
    'arn',
    'aRN',
    'self',
    'vpc',
    '__proto__',
    'constructor',
    'toString',
  ]);
  for (const { event } of FIXTURES) {
    const detail = event.detail as JsonObject | undefined;
    keysOf(detail?.requestParameters, keys);
    keysOf(detail?.responseElements, keys);
  }
  return [...keys].sort();
})();

/** Strings that break naive code: empty, huge, control characters, path tricks, ARN look-alikes, prototype keys. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '',
      ' ',
      '\u0000',
      '\n',
      '../../etc/passwd',
      '%2F%2e%2e',
      '*',
      '__proto__',
      'constructor',
      'arn:',
      'arn:aws:sns:eu-west-1:123456789012:',
      'arn:aws:sns:eu-west-1:123456789012:ops-alerts',
      'arn:aws:sns:eu-west-1:123456789012:ops-alerts:not-a-uuid',
      'arn:aws:s3:::prod-data',
      'arn:aws:rds:eu-west-1:123456789012:db:',
      'arn:aws-cn:elasticache:cn-north-1:123456789012:cluster:x',
      'prod-data',
      'PendingConfirmation',
      '2026-13-45T99:99:99Z',
      'NaN',
      '{"bucketName":"x"}',
      'x'.repeat(5_000),
      '🪣'.repeat(50),
    ),
  },
);

/** Any JSON value, leaning on the strings above and on the shapes extractors expect (strings, string arrays). */
export const hostileValue: fc.Arbitrary<JsonValue> = fc.oneof(
  { weight: 3, arbitrary: hostileString },
  { weight: 2, arbitrary: fc.array(hostileString, { maxLength: 4 }) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<JsonValue> },
  { weight: 1, arbitrary: fc.constantFrom<JsonValue>(null, true, false, 0, -1, 1e308, [], {}, [[]], [null]) },
);

/** A requestParameters / responseElements object made of the keys extractors read, nested sometimes. */
export const hostileParameters: fc.Arbitrary<JsonObject> = fc
  .array(
    fc.tuple(
      fc.constantFrom(...PARAMETER_KEYS),
      fc.oneof(hostileValue, fc.dictionary(fc.constantFrom(...PARAMETER_KEYS), hostileValue, { maxKeys: 3 }) as fc.Arbitrary<JsonValue>),
    ),
    { maxLength: 5 },
  )
  // Built through JSON.parse so `__proto__` is an own key, as JSON.parse makes it for a real event.
  .map((entries) => JSON.parse(JSON.stringify(Object.fromEntries(entries.filter(([k]) => k !== '__proto__')))) as JsonObject)
  .chain((params) =>
    fc.boolean().map((withProto) => {
      if (!withProto) return params;
      const rest = JSON.stringify(params).slice(1, -1);
      return JSON.parse(`{"__proto__":{"bucketName":"polluted"}${rest ? `,${rest}` : ''}}`) as JsonObject;
    }),
  );

type Mutation =
  | { op: 'set'; path: string[]; value: JsonValue }
  | { op: 'delete'; path: string[] }
  | { op: 'route'; eventSource: string; eventName: string }
  | { op: 'params'; field: 'requestParameters' | 'responseElements'; value: JsonObject };

function pathsOf(value: JsonValue, prefix: string[] = [], into: string[][] = []): string[][] {
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const path = [...prefix, k];
      into.push(path);
      if (path.length < 5) pathsOf(v, path, into);
    }
  }
  return into;
}

const mutation = (paths: string[][]): fc.Arbitrary<Mutation> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.record({ op: fc.constant('set' as const), path: fc.constantFrom(...paths), value: hostileValue }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('delete' as const), path: fc.constantFrom(...paths) }) },
    { weight: 3, arbitrary: fc.constantFrom(...TRIGGER_PAIRS).map((p) => ({ op: 'route' as const, ...p })) },
    {
      weight: 3,
      arbitrary: fc.record({
        op: fc.constant('params' as const),
        field: fc.constantFrom('requestParameters' as const, 'responseElements' as const),
        value: hostileParameters,
      }),
    },
  );

function apply(event: JsonObject, m: Mutation): void {
  if (!event.detail || typeof event.detail !== 'object' || Array.isArray(event.detail)) event.detail = {};
  const detail = event.detail as JsonObject;
  if (m.op === 'route') {
    detail.eventSource = m.eventSource;
    detail.eventName = m.eventName;
    return;
  }
  if (m.op === 'params') {
    detail[m.field] = m.value;
    return;
  }
  let parent: JsonValue = event;
  for (const key of m.path.slice(0, -1)) {
    if (!parent || typeof parent !== 'object') return;
    parent = (parent as JsonObject)[key] ?? null;
  }
  if (!parent || typeof parent !== 'object' || Array.isArray(parent)) return;
  const last = m.path[m.path.length - 1]!;
  if (m.op === 'delete') delete (parent as JsonObject)[last];
  else (parent as JsonObject)[last] = m.value;
}

/** A fixture with 0-4 mutations applied (a fresh copy each time). */
export const mutatedEvent: fc.Arbitrary<{ file: string; event: JsonObject }> = fc.constantFrom(...FIXTURES).chain(({ file, event }) =>
  fc.array(mutation(pathsOf(event)), { maxLength: 4 }).map((mutations) => {
    const copy = structuredClone(event);
    for (const m of mutations) apply(copy, m);
    return { file, event: copy };
  }),
);

/** Anything EventBridge could hand a function: random JSON, or a mutated real event. */
export const anyEvent: fc.Arbitrary<JsonValue> = fc.oneof(
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }) as fc.Arbitrary<JsonValue> },
  {
    weight: 1,
    arbitrary: fc.record({ 'detail-type': fc.constant('AWS API Call via CloudTrail'), detail: fc.jsonValue({ maxDepth: 3 }) }) as fc.Arbitrary<JsonValue>,
  },
  { weight: 6, arbitrary: mutatedEvent.map((m) => m.event as JsonValue) },
);
