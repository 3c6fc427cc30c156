/**
 * Soak: 2,000 resources (S3 buckets, CloudWatch alarms, ElastiCache clusters on the in-memory
 * account, Core-pack rules), 20 sweeps and 10,000 mixed CloudTrail events with random drift: events
 * re-delivered, shuffled out of order, failed and read-only calls, drift that no event reports, API
 * throttling, SNS refusing 10% of Publish calls, events racing the sweeps. At the end the store equals
 * a fresh evaluation of the final account, and the alert log equals exactly the PASS→FAIL (and
 * new-FAIL-after-baseline) transitions the findings' histories record: none lost, none twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RULES, selectRules } from '../../src/rules/index.js';
import { buildTriggerTable } from '#shared/engine/cloudtrail-router.js';
import { handleCloudTrailDetail, runSweep } from '#shared/continuous/orchestration.js';
import { evaluate } from '#shared/engine/engine.js';
import { emptyAccount, memoryApiProvider, type MemoryAccount } from '../../src/cli/demo/memory-account/index.js';
import { MemoryServiceError } from '../../src/cli/demo/memory-account/support.js';
import { FindingsStore } from '#shared/store/findings-store.js';
import type { StoredFinding } from '#shared/store/transitions.js';
import type { LocalDynamo } from '../helpers/dynalite.js';
import { startDynaliteProcess } from './support/dynalite-process.js';
import { duplicates, LedgerPublisher } from './support/ledger.js';
import { Drift, rng } from './support/drift.js';
import { cloudTrailDetailSchema } from '#shared/engine/cloudtrail-router.js';

const ACCOUNT = '123456789012';
const REGION = 'eu-west-1';
const RULE_IDS = [
  's3-bucket-versioning-enabled',
  'cloudwatch-alarm-action-configured',
  'elasticache-automatic-backup',
  'elasticache-auto-minor-version-upgrade',
];
const SWEEPS = 20;
const EVENTS = 10_000;
const EVENT_CONCURRENCY = Number(process.env.SOAK_CONCURRENCY ?? 8);
const SEED = Number.parseInt(process.env.SOAK_SEED ?? '', 10) || 7;

let local: LocalDynamo;
beforeAll(async () => {
  local = await startDynaliteProcess();
});
afterAll(async () => {
  await local.stop();
});

/** Runs `work` over `items` with at most `limit` at once. */
async function pool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

/** Alerts the histories call for: →FAIL after the last definitive PASS, or a first/re-appeared FAIL after the baseline. */
function expectedAlerts(findings: readonly StoredFinding[], baselinedAt: string): string[] {
  const keys: string[] = [];
  for (const f of findings) {
    let definitive: 'PASS' | 'FAIL' | undefined;
    for (const entry of f.history) {
      if (entry.from === null || entry.from === 'RESOLVED') definitive = undefined;
      if (entry.to === 'FAIL' && (definitive === 'PASS' || (definitive === undefined && entry.at >= baselinedAt))) {
        keys.push(`${f.ruleId}|${f.resourceId}|${entry.at}`);
      }
      if (entry.to === 'PASS' || entry.to === 'FAIL') definitive = entry.to;
    }
  }
  return keys.sort();
}

describe('soak', () => {
  it(`${EVENTS} events and ${SWEEPS} sweeps over 2,000 resources: the store equals the truth, the alert log equals the transitions`, async () => {
    const account: MemoryAccount = emptyAccount(ACCOUNT, [REGION]);
    // One generator per concern: the drift (hence the events) is the same every run; where throttling
    // and SNS refusals land depends on how the concurrent calls interleave.
    const drift = new Drift(account, REGION, rng(SEED));
    const faultRandom = rng(SEED + 1);
    const snsRandom = rng(SEED + 2);
    drift.populate({ buckets: 700, alarms: 650, clusters: 650 });

    let throttling = true;
    const apis = memoryApiProvider(account, {
      fault: () => (throttling && faultRandom() < 0.002 ? new MemoryServiceError('ThrottlingException', 'Rate exceeded (soak)', 400) : undefined),
    });
    let tick = Date.parse('2026-11-23T00:00:00.000Z');
    const now = () => {
      tick += 1;
      return new Date(tick);
    };
    const publisher = new LedgerPublisher(() => (snsRandom() < 0.1 ? 'definite' : 'ok'));
    const store = new FindingsStore(local.client, await local.createTable());
    const rules = RULES.filter((r) => RULE_IDS.includes(r.id));
    const deps = { store, publisher, apis, rules, now, messages: { describeRule: () => undefined }, errorAlertAfterSweeps: 100 };
    const table = buildTriggerTable(rules);
    const outcomes: Record<string, number> = {};
    const count = (key: string) => (outcomes[key] = (outcomes[key] ?? 0) + 1);
    const started = Date.now();

    await runSweep(deps, ACCOUNT, [REGION]);
    let sweeps = 1;
    let events = 0;
    const rounds = SWEEPS - 2;
    for (let round = 0; round < rounds; round += 1) {
      const batch = drift.events(Math.ceil((EVENTS - events) / (rounds - round)));
      events += batch.length;
      // Each round's sweep races its events, as the schedule and EventBridge do.
      const sweep = runSweep(deps, ACCOUNT, [REGION]).then(() => {
        sweeps += 1;
      });
      await pool(batch, EVENT_CONCURRENCY, async (detail) => {
        const report = await handleCloudTrailDetail(deps, cloudTrailDetailSchema.parse(detail), ACCOUNT, table);
        count(report.route.action === 'skip' ? `skip:${report.route.reason}` : 'evaluated');
      });
      await sweep;
    }
    // The last sweep sees drift no event reported; then SNS recovers and the outbox empties.
    throttling = false;
    await runSweep(deps, ACCOUNT, [REGION]);
    sweeps += 1;
    publisher.setSchedule(() => 'ok');
    const flush = await runSweep(deps, ACCOUNT, [REGION]);

    const truth = await evaluate({ accountId: ACCOUNT, regions: [REGION], rules: selectRules({ ruleIds: RULE_IDS }), apis: memoryApiProvider(account) });
    const expected = Object.fromEntries(truth.findings.map((f) => [`${f.ruleId}|${f.resourceId}`, f.status]));
    const all = (await Promise.all(RULE_IDS.map((id) => store.scopeFindings(ACCOUNT, REGION, id)))).flat();
    const actual = Object.fromEntries(all.filter((f) => f.status !== 'RESOLVED').map((f) => [`${f.ruleId}|${f.resourceId}`, f.status]));
    const baselinedAt = (await store.getAccount(ACCOUNT))?.baselinedAt ?? '';
    const alerts = publisher.alertKeys();
    const wanted = expectedAlerts(all, baselinedAt);

    console.log('[soak]', {
      seconds: Math.round((Date.now() - started) / 1000),
      resources: drift.resourceCount(),
      events,
      outcomes,
      sweeps,
      drifts: drift.counts,
      findings: all.length,
      open: Object.keys(actual).length,
      resolved: all.filter((f) => f.status === 'RESOLVED').length,
      transitions: all.reduce((n, f) => n + f.history.length, 0),
      alerts: alerts.length,
      publishCalls: publisher.calls,
      publishRefused: publisher.calls - publisher.delivered.length,
      lastSweepWrites: flush.record.writes,
    });
    expect(events).toBe(EVENTS);
    expect(sweeps).toBe(SWEEPS);
    expect(outcomes.evaluated ?? 0).toBeGreaterThan(EVENTS * 0.6);
    expect(actual).toEqual(expected);
    expect(duplicates(alerts)).toEqual([]);
    expect([...alerts].sort()).toEqual(wanted);
    expect(wanted.length).toBeGreaterThan(500);
    expect(await store.pendingAlerts()).toEqual([]);
    expect(flush.record.writes).toBe(0);
  }, 240_000);
});
