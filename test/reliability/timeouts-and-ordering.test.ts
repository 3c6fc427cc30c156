/**
 * A Lambda killed mid-sweep (after some writes, or while publishing) and evaluations that finish out
 * of order. "Older" here means *facts read earlier*: handlers never apply an event's payload, they
 * re-read the resource, so a late event carries current facts and is safe; what must never win is an
 * evaluation whose facts were read before the stored verdict's (a slow sweep judging minutes-old
 * listings). Evaluations are stamped with the time they started reading, and the store keeps the newest.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleCloudTrailDetail, runSweep } from '#shared/continuous/orchestration.js';
import type { ApiProvider, AwsApis } from '#shared/aws/readers.js';
import { emptyAccount, memoryApiProvider, type MemoryAccount } from '../../src/cli/demo/memory-account/index.js';
import { evaluate } from '#shared/engine/engine.js';
import { selectRules } from '../../src/rules/index.js';
import { putBucketVersioningEvent } from '../helpers/continuous.js';
import { type LocalDynamo, startDynalite } from '../helpers/dynalite.js';
import { duplicates } from './support/ledger.js';
import { ACCOUNT, world } from './support/world.js';

const VERSIONING = 's3-bucket-versioning-enabled';
const REGION = 'eu-west-1';

let local: LocalDynamo;
beforeAll(async () => {
  local = await startDynalite();
});
afterAll(async () => {
  await local.stop();
});

function bucketsAccount(n: number): MemoryAccount {
  const account = emptyAccount(ACCOUNT, [REGION]);
  for (let i = 0; i < n; i += 1) account.s3.buckets.push({ name: `bucket-${i}`, region: REGION, versioning: 'Enabled' });
  return account;
}

/** status by resource, from a fresh evaluation of the account as it is now. */
async function truth(account: MemoryAccount): Promise<Record<string, string>> {
  const result = await evaluate({ accountId: ACCOUNT, regions: [REGION], rules: selectRules({ ruleIds: [VERSIONING] }), apis: memoryApiProvider(account) });
  return Object.fromEntries(result.findings.map((f) => [f.resourceId, f.status]));
}

/** What the table holds, read through a healthy client (the faulty one may be "dead"). */
async function stored(w: Awaited<ReturnType<typeof world>>): Promise<Record<string, string>> {
  const findings = await w.container().store.scopeFindings(ACCOUNT, REGION, VERSIONING);
  return Object.fromEntries(findings.filter((f) => f.status !== 'RESOLVED').map((f) => [f.resourceId, f.status]));
}

describe('a Lambda timeout mid-sweep', () => {
  it('killed after 4 of 10 writes: the next sweep (a new container) completes the work, alerts each regression once', async () => {
    const account = bucketsAccount(20);
    const w = await world(local, memoryApiProvider(account), [VERSIONING]);
    await runSweep(w.deps, ACCOUNT, [REGION]);
    for (const b of account.s3.buckets.slice(0, 10)) b.versioning = 'Suspended';
    let puts = 0;
    let dead = false;
    w.dynamo.setSchedule(({ operation }) => {
      if (dead) return 'dead';
      if (operation === 'PutItem' && ++puts > 4) dead = true;
      return dead ? 'dead' : undefined;
    });
    w.clock.advance(60_000);
    await expect(runSweep(w.deps, ACCOUNT, [REGION])).rejects.toThrow(/LambdaTimeout|timed out/);
    // Writes already on the wire may still land (or, in a frozen container, not): at most the four.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const landed = Object.values(await stored(w)).filter((s) => s === 'FAIL').length;
    expect(landed).toBeLessThanOrEqual(4);

    w.clock.advance(60_000);
    const next = w.container();
    const sweep = await runSweep(next, ACCOUNT, [REGION]);

    expect(sweep.record.transitions).toHaveLength(10 - landed);
    expect(await stored(w)).toEqual(await truth(account));
    const keys = w.deps.publisher.alertKeys();
    expect(keys).toHaveLength(10);
    expect(duplicates(keys)).toEqual([]);
    expect(await next.store.pendingAlerts()).toEqual([]);
  });

  it('killed while publishing (alerts claimed, never sent): nothing is sent twice meanwhile, and the claim expires into one delivery', async () => {
    const account = bucketsAccount(5);
    const w = await world(local, memoryApiProvider(account), [VERSIONING]);
    await runSweep(w.deps, ACCOUNT, [REGION]);
    for (const b of account.s3.buckets.slice(0, 3)) b.versioning = 'Suspended';
    w.deps.publisher.setSchedule((call) => (call === 2 ? 'kill' : 'ok'));
    w.deps.publisher.onKill = () => w.dynamo.setSchedule(() => 'dead');
    w.clock.advance(60_000);
    await expect(runSweep(w.deps, ACCOUNT, [REGION])).rejects.toThrow(/LambdaTimeout|timed out/);
    expect(await w.container().store.pendingAlerts()).toHaveLength(3);

    // A retry 30 s later (the claim holds two minutes): no publish of the claimed alerts yet.
    w.clock.advance(30_000);
    const retry = w.container();
    await runSweep(retry, ACCOUNT, [REGION]);
    expect(w.deps.publisher.alertKeys()).toEqual([]);

    w.clock.advance(300_000);
    await runSweep(retry, ACCOUNT, [REGION]);
    const keys = w.deps.publisher.alertKeys();
    expect(keys).toHaveLength(3);
    expect(duplicates(keys)).toEqual([]);
    expect(await retry.store.pendingAlerts()).toEqual([]);
  });

  it('killed during the very first sweep: the next one is still the baseline, one summary and no per-finding alerts', async () => {
    const account = bucketsAccount(8);
    for (const b of account.s3.buckets.slice(0, 3)) b.versioning = 'Suspended';
    const w = await world(local, memoryApiProvider(account), [VERSIONING]);
    let puts = 0;
    w.dynamo.setSchedule(({ operation }) => (operation === 'PutItem' && ++puts > 3 ? 'dead' : undefined));
    await expect(runSweep(w.deps, ACCOUNT, [REGION])).rejects.toThrow(/LambdaTimeout|timed out/);

    w.clock.advance(60_000);
    const next = await runSweep(w.container(), ACCOUNT, [REGION]);
    expect(next.baseline).toEqual({ firstSweep: true, summarySent: true });
    expect(w.deps.publisher.baselines()).toBe(1);
    expect(w.deps.publisher.alertKeys()).toEqual([]);
    expect(await stored(w)).toEqual(await truth(account));
  });
});

/**
 * Once armed, holds the next GetBucketVersioning answer for `bucket` (computed at call time, so its
 * facts are of that moment) until released: a slow sweep judging facts read minutes ago.
 */
function gated(inner: ApiProvider, bucket: string) {
  let armed = false;
  let release = () => {};
  let reached = () => {};
  let waiting = Promise.resolve();
  const apis: ApiProvider = (region) => {
    const real = inner(region);
    const s3 = async (): Promise<AwsApis['s3']> => {
      const inner = await real.s3();
      return {
        ...inner,
        getBucketVersioning: async (input) => {
          const answer = await inner.getBucketVersioning(input);
          if (armed && input.Bucket === bucket) {
            armed = false;
            const opened = new Promise<void>((resolve) => (release = resolve));
            reached();
            await opened;
          }
          return answer;
        },
      };
    };
    return { ...real, s3 };
  };
  return {
    apis,
    arm: () => {
      armed = true;
      waiting = new Promise<void>((resolve) => (reached = resolve));
    },
    waiting: () => waiting,
    release: () => release(),
  };
}

describe('evaluations finishing out of order', () => {
  it('an older CloudTrail event delivered after a newer one re-reads current facts: no rollback, one alert', async () => {
    const account = bucketsAccount(1);
    const w = await world(local, memoryApiProvider(account), [VERSIONING]);
    await runSweep(w.deps, ACCOUNT, [REGION]);
    // Enabled at 10:01, Suspended at 10:02 (the account's current state); EventBridge delivers 10:02 first.
    account.s3.buckets[0]!.versioning = 'Suspended';
    const older = putBucketVersioningEvent('bucket-0', 'Enabled', '2026-11-23T10:01:00Z');
    const newer = putBucketVersioningEvent('bucket-0', 'Suspended', '2026-11-23T10:02:00Z');
    w.clock.advance(180_000);
    await handleCloudTrailDetail(w.deps, newer.detail, ACCOUNT);
    w.clock.advance(5_000);
    await handleCloudTrailDetail(w.deps, older.detail, ACCOUNT);

    expect((await w.deps.store.get(VERSIONING, 'arn:aws:s3:::bucket-0'))?.status).toBe('FAIL');
    expect(w.deps.publisher.alertKeys()).toHaveLength(1);
  });

  it("a sweep whose facts were read before an event's cannot overwrite the event's newer verdict (nor alert twice later)", async () => {
    const account = bucketsAccount(3);
    const gate = gated(memoryApiProvider(account), 'bucket-1');
    const w = await world(local, gate.apis, [VERSIONING]);
    await runSweep(w.deps, ACCOUNT, [REGION]);

    // 10:01 a sweep starts and reads bucket-1 (Enabled); its answer is slow to come back.
    w.clock.advance(60_000);
    gate.arm();
    const slowSweep = runSweep(w.deps, ACCOUNT, [REGION]);
    await gate.waiting();
    // 10:02 someone suspends versioning; the event is evaluated at once: FAIL, one alert.
    w.clock.advance(60_000);
    account.s3.buckets[1]!.versioning = 'Suspended';
    await handleCloudTrailDetail(w.deps, putBucketVersioningEvent('bucket-1', 'Suspended', '2026-11-23T10:02:00Z').detail, ACCOUNT);
    expect((await w.deps.store.get(VERSIONING, 'arn:aws:s3:::bucket-1'))?.status).toBe('FAIL');
    // 10:03 the sweep finishes with its 10:01 facts (PASS): it must not roll the finding back.
    w.clock.advance(60_000);
    gate.release();
    await slowSweep;
    expect((await w.deps.store.get(VERSIONING, 'arn:aws:s3:::bucket-1'))?.status).toBe('FAIL');

    w.clock.advance(60_000);
    await runSweep(w.deps, ACCOUNT, [REGION]);
    expect(w.deps.publisher.alertKeys()).toHaveLength(1);
    expect(await stored(w)).toEqual(await truth(account));
  });
});
