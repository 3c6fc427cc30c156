/**
 * Item 3: what the store writes (and reads) per sweep on dynalite, first sweep, unchanged sweep and a
 * sweep where 1% of resources regressed, and what that costs a month of hourly sweeps next to AWS Config.
 */
import { findRule, RULES } from '../src/rules/index.js';
import { type ContinuousDeps, runSweep, type SweepReport } from '#shared/continuous/orchestration.js';
import type { MemoryAccount } from '../src/cli/demo/memory-account/index.js';
import { memoryApiProvider } from '../src/cli/demo/memory-account/index.js';
import type { AlertMessage } from '#shared/alerts/messages.js';
import type { AlertPublisher } from '#shared/alerts/notifier.js';
import { FindingsStore } from '#shared/store/findings-store.js';
import { type DynamoMeter, type DynamoServer, emptyMeter, localClient, meterClient } from './dynamo.js';
import { PRICES } from './prices.js';
import { ACCOUNT_ID, CORE_RULE_IDS, round, timed } from './support.js';

export class CountingPublisher implements AlertPublisher {
  published = 0;
  bytes = 0;
  async publish(message: AlertMessage): Promise<void> {
    this.published += 1;
    this.bytes += Buffer.byteLength(JSON.stringify(message.message));
  }
}

/** Flips `share` of the passing resources to failing: buckets, alarms, replication groups. */
export function regress(account: MemoryAccount, share: number): { buckets: number; alarms: number; replicationGroups: number; total: number } {
  const pickEvery = <T>(items: T[], ok: (item: T) => boolean, change: (item: T) => void): number => {
    const want = Math.max(1, Math.round(items.length * share));
    const candidates = items.filter(ok);
    const step = Math.max(1, Math.floor(candidates.length / want));
    let done = 0;
    for (let i = 0; i < candidates.length && done < want; i += step, done += 1) change(candidates[i] as T);
    return done;
  };
  const buckets = pickEvery(
    account.s3.buckets,
    (b) => b.versioning === 'Enabled',
    (b) => {
      b.versioning = 'Suspended';
    },
  );
  const regions = Object.values(account.regions);
  const alarms = pickEvery(
    regions.flatMap((r) => r.cloudwatch.alarms),
    (a) => a.actionsEnabled !== false && (a.alarmActions?.length ?? 0) > 0,
    (a) => {
      a.actionsEnabled = false;
    },
  );
  const replicationGroups = pickEvery(
    regions.flatMap((r) => r.elasticache.replicationGroups),
    (g) => g.automaticFailover === 'enabled',
    (g) => {
      g.automaticFailover = 'disabled';
    },
  );
  return { buckets, alarms, replicationGroups, total: buckets + alarms + replicationGroups };
}

/** Deps for continuous mode over the synthetic account on `store`, Core-pack rules only. */
export function benchDeps(store: FindingsStore, account: MemoryAccount, publisher: AlertPublisher, latencyMs = 0): ContinuousDeps {
  return {
    store,
    publisher,
    apis: memoryApiProvider(account, { latencyMs }),
    rules: RULES.filter((rule) => (CORE_RULE_IDS as readonly string[]).includes(rule.id)),
    messages: { describeRule: (id) => findRule(id), apiUrl: 'https://api.example.test' },
  };
}

export interface SweepCost {
  wallMs: number;
  evaluations: number;
  transitions: number;
  alerts: number;
  published: number;
  storeWritesReported: number;
  dynamo: DynamoMeter;
}

/** Sweeps into `table` (created by the caller, left populated for the event path). */
export async function measureWriteCost(server: DynamoServer, table: string, account: MemoryAccount, regions: readonly string[]) {
  const client = localClient(server.endpoint);
  const probe = localClient(server.endpoint);
  let meter = emptyMeter();
  meterClient(client, probe, () => meter);
  const publisher = new CountingPublisher();
  const deps = benchDeps(new FindingsStore(client, table), account, publisher);

  const sweep = async (): Promise<SweepCost> => {
    meter = emptyMeter();
    const publishedBefore = publisher.published;
    const run = await timed<SweepReport>(() => runSweep(deps, ACCOUNT_ID, regions));
    const report = run.value;
    return {
      wallMs: round(run.wallMs, 0),
      evaluations: report.evaluation.findings.length,
      transitions: report.record.transitions.length,
      alerts: report.record.alerts,
      published: publisher.published - publishedBefore,
      storeWritesReported: report.record.writes,
      dynamo: meter,
    };
  };

  const first = await sweep();
  const unchanged = await sweep();
  const regressed = regress(account, 0.01);
  const onePercent = await sweep();
  client.destroy();
  probe.destroy();
  return { first, unchanged, onePercent, resourcesRegressed: regressed };
}

export interface CostInputs {
  sweep: SweepCost;
  /** Lambda duration of one sweep (s) and its memory (GB). */
  lambdaSeconds: number;
  lambdaGb: number;
  /** Configuration items AWS Config would record per sweep interval (resources that changed). */
  changedResources: number;
}

export function costPerMonth({ sweep, lambdaSeconds, lambdaGb, changedResources }: CostInputs) {
  const n = PRICES.sweepsPerMonth;
  const wru = (sweep.dynamo.wcuTable + sweep.dynamo.wcuIndexes) * n;
  const rru = sweep.dynamo.rcu * n;
  const dynamo = (wru * PRICES.dynamoWritePerMillion + rru * PRICES.dynamoReadPerMillion) / 1e6;
  const dynamoSince2024 = (wru * PRICES.dynamoWritePerMillionSince2024_11 + rru * PRICES.dynamoReadPerMillionSince2024_11) / 1e6;
  const lambda = lambdaSeconds * lambdaGb * n * PRICES.lambdaArmPerGbSecond + (n * PRICES.lambdaPerMillionRequests) / 1e6;
  const sns = (sweep.published * n * PRICES.snsPublishPerMillion) / 1e6;
  const preflight = dynamo + lambda + sns;
  const configEvaluations = sweep.evaluations * n * PRICES.configPerRuleEvaluation;
  const configItems = changedResources * n * PRICES.configPerConfigurationItem;
  const config = configEvaluations + configItems;
  return {
    writeRequestUnits: wru,
    readRequestUnits: rru,
    dynamoUsd: round(dynamo, 4),
    dynamoUsdAtPricesSince2024_11: round(dynamoSince2024, 4),
    lambdaUsd: round(lambda, 4),
    snsUsd: round(sns, 6),
    preflightUsd: round(preflight, 4),
    awsConfigUsd: round(config, 2),
    awsConfigEvaluationsUsd: round(configEvaluations, 2),
    awsConfigItemsUsd: round(configItems, 2),
    configOverPreflight: round(config / preflight, 0),
  };
}
