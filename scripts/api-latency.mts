/**
 * `npm run bench:api`: the findings API's cost per request over a large store, the way a user hits it
 * (real HTTP against the local server, dynalite in a child process). Every combination of the five
 * filters of GET /findings, once with values that match (limit 50) and once with an unused region added
 * (limit 1: the rarest query, which used to read the whole index). Per variant: p50/p95 latency, and on
 * the wire the Query calls, index items read and read units (ReturnConsumedCapacity) of one request.
 *
 *   FINDINGS=100000 ROUNDS=30 npm run bench:api      (defaults; OUT=<file> also writes the JSON)
 */
import { writeFile } from 'node:fs/promises';
import { writeFirstSeen } from '../bench/seed-findings.js';
import { createFindingsTable, localClient, startDynaliteProcess, tallyQueries } from '../bench/dynamo.js';
import { percentile, round } from '../bench/support.js';
import { RULES } from '../src/rules/index.js';
import { createFindingsApi } from '#shared/api/findings-api.js';
import { startLocalServer } from '#shared/api/local-server.js';
import type { Finding, FindingStatus, Suppression } from '#shared/core/model.js';
import { FindingsStore } from '#shared/store/findings-store.js';
import { MAX_QUERY_CALLS, READ_BUDGET_ITEMS } from '#shared/store/findings-query.js';

const FINDINGS = Number(process.env.FINDINGS ?? 100_000);
const ROUNDS = Number(process.env.ROUNDS ?? 30);
const ACCOUNTS = ['111111111111', '222222222222', '333333333333', '444444444444', '555555555555'];
const REGIONS = ['us-east-1', 'eu-west-1', 'us-west-2', 'ap-southeast-1'];
/** Out of 20 findings: 10 PASS, 4 FAIL, 3 N/A, 1 each ERROR, RESOLVED, SUPPRESSED. */
const STATUS_MIX: FindingStatus[] = [
  ...Array(10).fill('PASS'),
  ...Array(4).fill('FAIL'),
  ...Array(3).fill('NOT_APPLICABLE'),
  'ERROR',
  'RESOLVED',
  'SUPPRESSED',
];
const UNUSED_REGION = 'me-central-1';

/** 100,000 findings over every rule, 5 accounts and 4 regions (global rules in `global`), changed one second apart. */
function syntheticStore(count: number): Array<Finding & { suppression?: Suppression }> {
  const start = Date.UTC(2026, 0, 1);
  return Array.from({ length: count }, (_, i) => {
    const rule = RULES[i % RULES.length]!;
    const account = ACCOUNTS[Math.floor(i / RULES.length) % ACCOUNTS.length]!;
    const region = rule.global ? 'global' : REGIONS[Math.floor(i / (RULES.length * ACCOUNTS.length)) % REGIONS.length]!;
    const status = STATUS_MIX[(i * 7) % STATUS_MIX.length]!;
    const name = `resource-${String(i).padStart(6, '0')}`;
    return {
      ruleId: rule.id,
      resourceId: `arn:aws:bench:${region}:${account}:thing/${name}`,
      resourceName: name,
      resourceType: rule.resourceType,
      accountId: account,
      region,
      status: status === 'SUPPRESSED' ? 'FAIL' : status,
      severity: rule.severity,
      reason: `${name} is ${status} for ${rule.id} (a sentence as long as a real one, naming the resource)`,
      evidence: { i, checked: ['versioning', 'encryption', 'tags'], detail: 'x'.repeat(200) },
      evaluatedAt: new Date(start + i * 1000).toISOString(),
      ...(status === 'SUPPRESSED' ? { suppression: { ruleId: rule.id, resourcePattern: name, reason: 'accepted risk' } } : {}),
    };
  });
}

/** A rule consistent with the other filter values (its severity and type), so combinations match. */
const RULE = RULES.find((r) => r.id === 's3-bucket-versioning-enabled') ?? RULES[0]!;
const FILTER_VALUES: Array<[string, string]> = [
  ['status', 'FAIL'],
  ['severity', RULE.severity],
  ['ruleId', RULE.id],
  ['resourceType', RULE.resourceType],
  ['region', 'eu-west-1'],
];

interface Variant {
  name: string;
  query: Record<string, string>;
  latencies: number[];
  items: number;
  queries: number;
  scanned: number;
  readUnits: number;
}

function variants(): Variant[] {
  const all: Variant[] = [];
  for (let mask = 0; mask < 2 ** FILTER_VALUES.length; mask += 1) {
    const filters = Object.fromEntries(FILTER_VALUES.filter((_, bit) => mask & (1 << bit)));
    const blank = { latencies: [], items: 0, queries: 0, scanned: 0, readUnits: 0 };
    const label = Object.keys(filters).join('+') || '(none)';
    all.push({ name: label, query: { ...filters, limit: '50' }, ...blank });
    all.push({ name: `${label}, unused region, limit 1`, query: { ...filters, region: UNUSED_REGION, limit: '1' }, ...structuredClone(blank) });
  }
  // Two masks differ only by the region filter once it is replaced by the unused one: keep one of each.
  return all.filter((v, i) => all.findIndex((w) => JSON.stringify(w.query) === JSON.stringify(v.query)) === i);
}

async function main(): Promise<void> {
  const dynamo = await startDynaliteProcess();
  const client = localClient(dynamo.endpoint);
  const wire = tallyQueries(client);
  const store = new FindingsStore(client, await createFindingsTable(client));
  const findings = syntheticStore(FINDINGS);
  const seeded = performance.now();
  await writeFirstSeen(store, findings);
  process.stderr.write(`[bench:api] ${FINDINGS} findings written in ${round((performance.now() - seeded) / 1000, 1)} s\n`);

  const local = await startLocalServer(createFindingsApi({ store, rules: RULES, cursorSecret: 'bench-api-cursor-signing-key' }));
  const all = variants();
  for (let round_ = -1; round_ < ROUNDS; round_ += 1) {
    // Round -1 warms up; rounds visit every variant in turn so machine noise spreads over all of them.
    for (const v of all) {
      wire.reset();
      const t0 = performance.now();
      const res = await fetch(`${local.url}/findings?${new URLSearchParams(v.query).toString()}`);
      const body = (await res.json()) as { items?: unknown[] };
      const ms = performance.now() - t0;
      if (res.status !== 200 || !body.items) throw new Error(`${v.name}: status ${res.status}`);
      if (round_ < 0) continue;
      v.latencies.push(ms);
      v.items = body.items.length;
      v.queries = Math.max(v.queries, wire.queries);
      v.scanned = Math.max(v.scanned, wire.scanned);
      v.readUnits = Math.max(v.readUnits, wire.readUnits);
    }
  }

  // GET /summary counts every finding: its cost grows with the store, so it is measured on its own.
  const summary = { latencies: [] as number[], calls: 0, readUnits: 0, findings: 0 };
  for (let round_ = -1; round_ < ROUNDS; round_ += 1) {
    wire.reset();
    const t0 = performance.now();
    const res = await fetch(`${local.url}/summary`);
    const body = (await res.json()) as { findings?: number };
    const ms = performance.now() - t0;
    if (res.status !== 200) throw new Error(`/summary: status ${res.status}`);
    if (round_ < 0) continue;
    summary.latencies.push(ms);
    Object.assign(summary, { calls: wire.queries, readUnits: wire.readUnits, findings: body.findings ?? 0 });
  }
  const summarySorted = [...summary.latencies].sort((a, b) => a - b);

  const rows = all.map((v) => {
    const sorted = [...v.latencies].sort((a, b) => a - b);
    return {
      variant: v.name,
      items: v.items,
      p50ms: round(percentile(sorted, 50), 1),
      p95ms: round(percentile(sorted, 95), 1),
      queries: v.queries,
      itemsRead: v.scanned,
      readUnits: v.readUnits,
    };
  });
  const report = {
    date: new Date().toISOString(),
    node: process.version,
    findings: FINDINGS,
    roundsPerVariant: ROUNDS,
    budget: { items: READ_BUDGET_ITEMS, queryCalls: MAX_QUERY_CALLS },
    worst: {
      p95ms: Math.max(...rows.map((r) => r.p95ms)),
      readUnits: Math.max(...rows.map((r) => r.readUnits)),
      queries: Math.max(...rows.map((r) => r.queries)),
      itemsRead: Math.max(...rows.map((r) => r.itemsRead)),
    },
    rows,
    summary: {
      findings: summary.findings,
      p50ms: round(percentile(summarySorted, 50), 1),
      p95ms: round(percentile(summarySorted, 95), 1),
      scanCalls: summary.calls,
      readUnits: summary.readUnits,
    },
  };
  console.log(JSON.stringify(report, null, 2));
  console.log(`\n| filters of GET /findings | items | p50 ms | p95 ms | Query calls | items read | read units |\n|---|---|---|---|---|---|---|`);
  for (const r of rows) console.log(`| ${r.variant} | ${r.items} | ${r.p50ms} | ${r.p95ms} | ${r.queries} | ${r.itemsRead} | ${r.readUnits} |`);
  console.log(
    `\nGET /summary over ${report.summary.findings} findings: p50 ${report.summary.p50ms} ms, p95 ${report.summary.p95ms} ms, ${report.summary.scanCalls} Scan calls, ${report.summary.readUnits} read units`,
  );
  if (process.env.OUT) await writeFile(process.env.OUT, JSON.stringify(report, null, 2));
  await local.close();
  client.destroy();
  await dynamo.stop();
}

await main();
