/**
 * Fault injection on the real continuous mode (dynalite store, in-memory account, ledger SNS):
 * DynamoDB throttling and 5xx on writes, SNS refusing or half-accepting Publish, AccessDenied in one
 * region, a Lambda killed mid-sweep, and events evaluated out of order. The invariants: no transition
 * is lost (a failed write fails the invocation, the next one records it), no alert is lost, and none
 * is duplicated except where SNS itself accepted a message whose answer was lost (documented).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleCloudTrailDetail, runSweep } from '#shared/continuous/orchestration.js';
import { emptyAccount, memoryApiProvider, type MemoryAccount } from '../../src/cli/demo/memory-account/index.js';
import { MemoryServiceError } from '../../src/cli/demo/memory-account/support.js';
import { StoreError } from '#shared/store/findings-store.js';
import { putBucketVersioningEvent } from '../helpers/continuous.js';
import { type LocalDynamo, startDynalite } from '../helpers/dynalite.js';
import { duplicates } from './support/ledger.js';
import { ACCOUNT, world } from './support/world.js';

const VERSIONING = 's3-bucket-versioning-enabled';
const REGION = 'eu-west-1';
const arn = (bucket: string) => `arn:aws:s3:::${bucket}`;

let local: LocalDynamo;
beforeAll(async () => {
  local = await startDynalite();
});
afterAll(async () => {
  await local.stop();
});

function bucketsAccount(n: number, region = REGION): MemoryAccount {
  const account = emptyAccount(ACCOUNT, [region]);
  for (let i = 0; i < n; i += 1) account.s3.buckets.push({ name: `bucket-${i}`, region, versioning: 'Enabled' });
  return account;
}

function suspend(account: MemoryAccount, ...names: string[]): void {
  for (const b of account.s3.buckets) if (names.includes(b.name)) b.versioning = 'Suspended';
}

/** The (rule, resource) part of each delivered alert key. */
const alerted = (keys: readonly string[]) => keys.map((k) => k.split('|').slice(0, 2).join('|')).sort();

describe('DynamoDB faults on writes', () => {
  it('throttling and InternalServerError are retried by the SDK: every transition lands, every alert goes out once', async () => {
    const account = bucketsAccount(6);
    const w = await world(local, memoryApiProvider(account), [VERSIONING]);
    await runSweep(w.deps, ACCOUNT, [REGION]);
    suspend(account, 'bucket-1', 'bucket-3', 'bucket-5');
    let puts = 0;
    w.dynamo.setSchedule(({ operation }) => {
      if (operation !== 'PutItem' && operation !== 'UpdateItem') return undefined;
      puts += 1;
      return puts <= 4 ? (puts % 2 === 1 ? 'throttle' : 'internal') : undefined;
    });
    w.clock.advance(60_000);

    const sweep = await runSweep(w.deps, ACCOUNT, [REGION]);

    expect(w.dynamo.injected).toEqual({ throttle: 2, internal: 2 });
    expect(sweep.record.transitions).toHaveLength(3);
    expect(sweep.drain).toMatchObject({ published: 3, failed: 0 });
    expect(alerted(w.deps.publisher.alertKeys())).toEqual(['bucket-1', 'bucket-3', 'bucket-5'].map((b) => `${VERSIONING}|${arn(b)}`));
    expect(await w.deps.store.pendingAlerts()).toEqual([]);
  });

  it('a write failing on every attempt fails the invocation loudly; the next one records the transition and alerts once', async () => {
    const account = bucketsAccount(4);
    const w = await world(local, memoryApiProvider(account), [VERSIONING]);
    await runSweep(w.deps, ACCOUNT, [REGION]);
    suspend(account, 'bucket-2', 'bucket-3');
    w.dynamo.setSchedule(({ operation, body }) => (operation === 'PutItem' && body.includes('bucket-2') ? 'internal' : undefined));
    w.clock.advance(60_000);

    await expect(runSweep(w.deps, ACCOUNT, [REGION])).rejects.toThrow(StoreError);
    // Six attempts (production's maxAttempts), then the sweep failed instead of dropping the transition.
    expect(w.dynamo.injected.internal).toBe(6);
    expect((await w.deps.store.get(VERSIONING, arn('bucket-2')))?.status).toBe('PASS');
    // The other transition was written and waits in the outbox: the failed invocation never drained it.
    expect((await w.deps.store.pendingAlerts()).map((f) => f.resourceName)).toEqual(['bucket-3']);

    w.dynamo.setSchedule(() => undefined);
    w.clock.advance(60_000);
    const retry = await runSweep(w.deps, ACCOUNT, [REGION]);

    expect(retry.record.transitions.map((t) => t.finding.resourceName)).toEqual(['bucket-2']);
    expect(alerted(w.deps.publisher.alertKeys())).toEqual([`${VERSIONING}|${arn('bucket-2')}`, `${VERSIONING}|${arn('bucket-3')}`]);
    expect(await w.deps.store.pendingAlerts()).toEqual([]);
  });

  it('an event whose write keeps failing fails the invocation (Lambda retries it); the retry records and alerts once', async () => {
    const account = bucketsAccount(2);
    const w = await world(local, memoryApiProvider(account), [VERSIONING]);
    await runSweep(w.deps, ACCOUNT, [REGION]);
    suspend(account, 'bucket-0');
    const event = putBucketVersioningEvent('bucket-0', 'Suspended', '2026-11-23T10:01:00Z');
    w.dynamo.setSchedule(({ operation }) => (operation === 'PutItem' ? 'internal' : undefined));
    w.clock.advance(60_000);

    await expect(handleCloudTrailDetail(w.deps, event.detail, ACCOUNT)).rejects.toThrow(StoreError);
    w.dynamo.setSchedule(() => undefined);
    w.clock.advance(1_000);
    await handleCloudTrailDetail(w.deps, event.detail, ACCOUNT);
    await handleCloudTrailDetail(w.deps, event.detail, ACCOUNT); // EventBridge delivering it once more

    expect(alerted(w.deps.publisher.alertKeys())).toEqual([`${VERSIONING}|${arn('bucket-0')}`]);
  });

  it('DynamoDB failing to mark a published alert sent: never lost, sent again once after the claim expires (at-least-once)', async () => {
    const account = bucketsAccount(2);
    const w = await world(local, memoryApiProvider(account), [VERSIONING]);
    await runSweep(w.deps, ACCOUNT, [REGION]);
    suspend(account, 'bucket-1');
    // completeAlert is the UpdateItem that REMOVEs the alert; claims and releases still work.
    w.dynamo.setSchedule(({ operation, body }) => (operation === 'UpdateItem' && body.includes('REMOVE #alert') ? 'internal' : undefined));
    w.clock.advance(60_000);

    await expect(runSweep(w.deps, ACCOUNT, [REGION])).rejects.toThrow(/injected/);
    expect(alerted(w.deps.publisher.alertKeys())).toHaveLength(1);

    w.dynamo.setSchedule(() => undefined);
    w.clock.advance(30_000); // still claimed: a retry within two minutes publishes nothing
    await runSweep(w.deps, ACCOUNT, [REGION]);
    expect(alerted(w.deps.publisher.alertKeys())).toHaveLength(1);

    w.clock.advance(300_000); // claim expired: SNS is asked again, the outbox empties
    await runSweep(w.deps, ACCOUNT, [REGION]);
    const keys = w.deps.publisher.alertKeys();
    expect(keys).toHaveLength(2);
    expect(duplicates(keys)).toHaveLength(1);
    expect(await w.deps.store.pendingAlerts()).toEqual([]);
  });
});

describe('SNS failures', () => {
  it('Publish refused on a random schedule over 12 sweeps: every regression delivered exactly once, none lost', async () => {
    const account = bucketsAccount(12);
    const w = await world(local, memoryApiProvider(account), [VERSIONING]);
    await runSweep(w.deps, ACCOUNT, [REGION]);
    // Deterministic "random": calls 1, 2, 4, 5, 7... fail (two in three), so some alerts wait several sweeps.
    w.deps.publisher.setSchedule((call) => (call % 3 === 0 ? 'ok' : 'definite'));
    const expected: string[] = [];
    for (let sweep = 0; sweep < 12; sweep += 1) {
      const bucket = account.s3.buckets[sweep]!;
      bucket.versioning = 'Suspended';
      expected.push(`${VERSIONING}|${arn(bucket.name)}`);
      w.clock.advance(60_000);
      await runSweep(w.deps, ACCOUNT, [REGION]);
    }
    w.deps.publisher.setSchedule(() => 'ok');
    w.clock.advance(60_000);
    await runSweep(w.deps, ACCOUNT, [REGION]);

    const keys = w.deps.publisher.alertKeys();
    expect(duplicates(keys)).toEqual([]);
    expect(alerted(keys)).toEqual(expected.sort());
    expect(await w.deps.store.pendingAlerts()).toEqual([]);
  });

  it('a Publish SNS accepted but whose answer was lost is sent again: at most one duplicate per such failure, never a loss', async () => {
    const account = bucketsAccount(3);
    const w = await world(local, memoryApiProvider(account), [VERSIONING]);
    await runSweep(w.deps, ACCOUNT, [REGION]);
    suspend(account, 'bucket-0');
    w.deps.publisher.setSchedule((call) => (call === 2 ? 'ambiguous' : 'ok'));
    w.clock.advance(60_000);
    const first = await runSweep(w.deps, ACCOUNT, [REGION]);
    expect(first.drain.failed).toBe(1);
    w.clock.advance(60_000);
    await runSweep(w.deps, ACCOUNT, [REGION]);

    const keys = w.deps.publisher.alertKeys();
    expect(alerted(keys)).toEqual([`${VERSIONING}|${arn('bucket-0')}`, `${VERSIONING}|${arn('bucket-0')}`]);
    expect(await w.deps.store.pendingAlerts()).toEqual([]);
  });

  it('the baseline summary survives SNS being down: sent once, by the next invocation', async () => {
    const account = bucketsAccount(3);
    suspend(account, 'bucket-2');
    const w = await world(local, memoryApiProvider(account), [VERSIONING]);
    w.deps.publisher.setSchedule(() => 'definite');
    const first = await runSweep(w.deps, ACCOUNT, [REGION]);
    expect(first.baseline).toEqual({ firstSweep: true, summarySent: false });
    w.deps.publisher.setSchedule(() => 'ok');
    w.clock.advance(60_000);
    await handleCloudTrailDetail(w.deps, putBucketVersioningEvent('bucket-0', 'Enabled', '2026-11-23T10:01:00Z').detail, ACCOUNT);
    w.clock.advance(60_000);
    const second = await runSweep(w.deps, ACCOUNT, [REGION]);
    expect(second.baseline.firstSweep).toBe(false);
    expect(w.deps.publisher.baselines()).toBe(1);
    expect(w.deps.publisher.alertKeys()).toEqual([]); // the failing bucket was part of the baseline, not news
  });
});

describe('AccessDenied in one region', () => {
  it('the other regions complete; the denied region keeps its findings (none closed), says ERROR, and alerts nothing spurious', async () => {
    const account = emptyAccount(ACCOUNT, ['eu-west-1', 'us-west-2']);
    const rules = ['cloudwatch-alarm-action-configured'];
    const alarmIn = (region: string, name: string, actions: string[]) =>
      account.regions[region]!.cloudwatch.alarms.push({
        kind: 'metric',
        name,
        namespace: 'AWS/EC2',
        metricName: 'CPUUtilization',
        threshold: 90,
        alarmActions: actions,
      });
    const topic = (region: string) => `arn:aws:sns:${region}:${ACCOUNT}:ops`;
    alarmIn('eu-west-1', 'eu-cpu', [topic('eu-west-1')]);
    alarmIn('us-west-2', 'us-cpu', [topic('us-west-2')]);
    alarmIn('us-west-2', 'us-disk', []);
    let denied = false;
    const apis = memoryApiProvider(account, {
      fault: ({ region }) =>
        denied && region === 'us-west-2'
          ? new MemoryServiceError('AccessDenied', 'User is not authorized to perform: cloudwatch:DescribeAlarms', 403)
          : undefined,
    });
    const w = await world(local, apis, rules);
    await runSweep(w.deps, ACCOUNT, ['eu-west-1', 'us-west-2']);

    denied = true;
    account.regions['eu-west-1']!.cloudwatch.alarms[0]!.alarmActions = [];
    w.clock.advance(60_000);
    const sweep = await runSweep(w.deps, ACCOUNT, ['eu-west-1', 'us-west-2']);

    expect(sweep.evaluation.complete).toEqual([{ ruleId: rules[0], region: 'eu-west-1' }]);
    const findings = await w.deps.store.scopeFindings(ACCOUNT, 'us-west-2', rules[0]!);
    expect(findings.map((f) => `${f.resourceName}:${f.status}`).sort()).toEqual([`${ACCOUNT}/us-west-2:ERROR`, 'us-cpu:PASS', 'us-disk:FAIL']);
    expect(findings.find((f) => f.status === 'ERROR')?.reason).toMatch(/^could not list resources: AccessDenied/);
    expect(alerted(w.deps.publisher.alertKeys())).toEqual([`${rules[0]}|arn:aws:cloudwatch:eu-west-1:${ACCOUNT}:alarm:eu-cpu`]);

    // Access restored: the listing ERROR closes, the region's findings did not move, no alert.
    denied = false;
    w.clock.advance(60_000);
    await runSweep(w.deps, ACCOUNT, ['eu-west-1', 'us-west-2']);
    const after = await w.deps.store.scopeFindings(ACCOUNT, 'us-west-2', rules[0]!);
    expect(after.map((f) => `${f.resourceName}:${f.status}`).sort()).toEqual([`${ACCOUNT}/us-west-2:RESOLVED`, 'us-cpu:PASS', 'us-disk:FAIL']);
    expect(w.deps.publisher.alertKeys()).toHaveLength(1);
  });
});
