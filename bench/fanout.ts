/**
 * Item 6: the multi-account fan-out, in process: (account, region) work items from planWorkItems,
 * taken by a pool of workers (the worker function's concurrency), each the same sweep a worker runs
 * (rulesFor + the engine) over its member account, with the synthetic latency model.
 */
import { selectRules } from '../src/rules/index.js';
import { ScanSession } from '#shared/aws/scan-session.js';
import { evaluate } from '#shared/engine/engine.js';
import { planWorkItems, rulesFor, type WorkItem } from '#shared/continuous/fanout.js';
import { type MemoryAccount, memoryApiProvider } from '../src/cli/demo/memory-account/index.js';
import { findRule } from '../src/rules/index.js';
import { type AccountShape, syntheticAccount } from './synthetic-account.js';
import { callsByService, CORE_RULE_IDS, Counter, idealMs, round, timed } from './support.js';

export interface FanoutOptions {
  accounts: number;
  regions: readonly string[];
  workers: number;
  latencyMs: number;
  shape: AccountShape;
}

export async function measureFanout(o: FanoutOptions) {
  const accountIds = Array.from({ length: o.accounts }, (_, i) => String(300000000000 + i));
  const accounts = new Map<string, MemoryAccount>(accountIds.map((id, i) => [id, syntheticAccount(id, o.regions, o.shape, 1000 + i)]));
  const items = planWorkItems(accountIds, o.regions, 'bench');
  const core = CORE_RULE_IDS.map((id) => findRule(id)).filter((r) => r !== undefined);
  const locations = new Counter();
  const providers = new Map(
    accountIds.map((id) => [
      id,
      memoryApiProvider(accounts.get(id) as MemoryAccount, {
        latencyMs: o.latencyMs,
        onCall: (call) => {
          const bucket = (call.input as { Bucket?: string } | undefined)?.Bucket;
          if (call.operation === 'GetBucketLocation' && bucket) locations.add(bucket);
        },
      }),
    ]),
  );

  const perItem: Array<{ item: WorkItem; wallMs: number; idealMs: number; calls: number; findings: number }> = [];
  const queue = [...items];
  const worker = async () => {
    for (let item = queue.shift(); item; item = queue.shift()) {
      const current = item;
      const rules = selectRules({ ruleIds: rulesFor(current, core).map((r) => r.id) });
      const run = await timed(() =>
        evaluate({ accountId: current.accountId, regions: [current.region], rules, apis: providers.get(current.accountId)!, session: new ScanSession() }),
      );
      const byService = callsByService(run.value.calls);
      perItem.push({
        item: current,
        wallMs: run.wallMs,
        idealMs: idealMs(byService, o.latencyMs),
        calls: Object.values(byService).reduce((a, b) => a + b, 0),
        findings: run.value.findings.length,
      });
    }
  };
  const run = await timed(() => Promise.all(Array.from({ length: o.workers }, worker)));

  const sumIdeal = perItem.reduce((n, p) => n + p.idealMs, 0);
  const sumWall = perItem.reduce((n, p) => n + p.wallMs, 0);
  const maxIdeal = Math.max(...perItem.map((p) => p.idealMs));
  // The pool can do no better than all workers busy on ideal-length items, nor than its longest item.
  const idealMakespan = Math.max(sumIdeal / o.workers, maxIdeal);
  const walls = perItem.map((p) => p.wallMs).sort((a, b) => a - b);
  return {
    accounts: o.accounts,
    regions: o.regions.length,
    workItems: items.length,
    workers: o.workers,
    latencyMs: o.latencyMs,
    memberAccountShape: o.shape,
    makespanMs: round(run.wallMs, 0),
    idealMakespanMs: round(idealMakespan, 0),
    ratio: round(run.wallMs / idealMakespan, 3),
    cpuMs: round(run.cpuMs, 0),
    itemWallMedianMs: round(walls[Math.floor(walls.length / 2)] ?? 0, 0),
    itemWallMaxMs: round(walls[walls.length - 1] ?? 0, 0),
    poolEfficiency: round(sumWall / o.workers / run.wallMs, 3),
    calls: perItem.reduce((n, p) => n + p.calls, 0),
    findings: perItem.reduce((n, p) => n + p.findings, 0),
    getBucketLocationPerBucket: round(locations.counts.size ? [...locations.counts.values()].reduce((a, b) => a + b, 0) / locations.counts.size : 0, 2),
  };
}
