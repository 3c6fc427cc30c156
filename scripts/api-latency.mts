/**
 * Measures the findings API's latency the way a user hits it: `GET /findings?status=FAIL&limit=50`
 * over real HTTP against the local server, backed by dynalite holding 10,000 findings.
 * Run: npm run bench:api  (prints p50/p95/p99 and the setup it measured)
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { CreateTableCommand, type CreateTableCommandInput, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { RULES } from '../src/rules/index.js';
import { createFindingsApi } from '../src/shared/api/findings-api.js';
import { startLocalServer } from '../src/shared/api/local-server.js';
import type { Finding } from '../src/shared/model.js';
import { FindingsStore } from '../src/shared/store/findings-store.js';
import { TABLE_DEFINITION } from '../src/shared/store/keys.js';
import { DEFAULT_POLICY } from '../src/shared/store/transitions.js';

const FINDINGS = Number(process.env.FINDINGS ?? 10_000);
const REQUESTS = Number(process.env.REQUESTS ?? 300);
const STATUSES: Finding['status'][] = ['PASS', 'PASS', 'FAIL', 'ERROR', 'NOT_APPLICABLE'];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function main(): Promise<void> {
  const server = dynalite({ createTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const client = new DynamoDBClient({
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
  });
  const table = `bench-${randomUUID().slice(0, 8)}`;
  await client.send(new CreateTableCommand({ ...(TABLE_DEFINITION as Omit<CreateTableCommandInput, 'TableName'>), TableName: table }));
  const store = new FindingsStore(client, table);

  const start = Date.UTC(2026, 10, 1);
  const findings: Finding[] = Array.from({ length: FINDINGS }, (_, i) => {
    const rule = RULES[i % RULES.length]!;
    const status = STATUSES[i % STATUSES.length]!;
    return {
      ruleId: rule.id,
      resourceId: `arn:aws:bench:eu-west-1:123456789012:thing/r-${i}`,
      resourceName: `r-${i}`,
      resourceType: rule.resourceType,
      accountId: '123456789012',
      region: 'eu-west-1',
      status,
      severity: rule.severity,
      reason: `r-${i} is ${status}`,
      evidence: { i },
      evaluatedAt: new Date(start + i * 1000).toISOString(),
    };
  });
  const seeded = Date.now();
  await store.record(findings, { mode: 'sweep', accountId: '123456789012', policy: { ...DEFAULT_POLICY, baselined: false } });
  const seedSeconds = (Date.now() - seeded) / 1000;

  const local = await startLocalServer(createFindingsApi({ store, rules: RULES, cursorSecret: 'bench' }));
  const url = `${local.url}/findings?status=FAIL&limit=50`;
  for (let i = 0; i < 20; i += 1) await (await fetch(url)).arrayBuffer(); // warm-up
  const times: number[] = [];
  let items = 0;
  for (let i = 0; i < REQUESTS; i += 1) {
    const t0 = performance.now();
    const res = await fetch(url);
    const body = (await res.json()) as { items: unknown[] };
    times.push(performance.now() - t0);
    if (res.status !== 200) throw new Error(`status ${res.status}`);
    items = body.items.length;
  }
  times.sort((a, b) => a - b);
  const report = {
    findings: FINDINGS,
    failing: findings.filter((f) => f.status === 'FAIL').length,
    requests: REQUESTS,
    itemsPerPage: items,
    seedSeconds,
    p50ms: Number(percentile(times, 50).toFixed(1)),
    p95ms: Number(percentile(times, 95).toFixed(1)),
    p99ms: Number(percentile(times, 99).toFixed(1)),
  };
  console.log(JSON.stringify(report, null, 2));
  console.log(`GET /findings?status=FAIL&limit=50 over ${REQUESTS} sequential requests, ${FINDINGS} findings in dynalite: p50 ${report.p50ms} ms, p95 ${report.p95ms} ms`);
  await local.close();
  client.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

await main();
