import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleCloudTrailDetail, handleFollowUpTarget, runSweep } from '#shared/continuous/orchestration.js';
import { FollowUpChains, followUpPk } from '#shared/follow-ups/chains.js';
import { FollowUps } from '#shared/follow-ups/follow-ups.js';
import type { FollowUpMessage, FollowUpQueue } from '#shared/follow-ups/messages.js';
import { ensureRegion } from '../../../src/cli/demo/memory-account/index.js';
import type { MemoryDbInstance } from '../../../src/cli/demo/memory-account/rds.js';
import { ACCOUNT, continuousDeps, emptyAccount, putBucketVersioningEvent } from '../../helpers/continuous.js';
import { type LocalDynamo, startDynalite } from '../../helpers/dynalite.js';
import { cloudTrailDetailSchema } from '#shared/engine/cloudtrail-router.js';

let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(async () => {
  await dynamo.stop();
});

/** The FollowUpQueue as SQS would hold it: messages with their delays, delivered by the test. */
class RecordingQueue implements FollowUpQueue {
  readonly sent: Array<{ message: FollowUpMessage; delaySeconds: number }> = [];
  async send(message: FollowUpMessage, delaySeconds: number): Promise<void> {
    this.sent.push({ message: structuredClone(message), delaySeconds });
  }
  take(): { message: FollowUpMessage; delaySeconds: number } {
    const next = this.sent.shift();
    if (!next) throw new Error('no follow-up enqueued');
    return next;
  }
}

const ARN = `arn:aws:rds:eu-west-1:${ACCOUNT}:db:analytics-db`;
const START = new Date('2026-03-04T11:02:41Z');
const minutes = (n: number) => new Date(START.getTime() + n * 60_000);

/** The recorded ModifyDBInstance of analytics-db, asking for Multi-AZ: RDS answers with pendingModifiedValues. */
function modifyDBInstanceEvent(multiAZ: boolean) {
  const event = JSON.parse(readFileSync(new URL('../../fixtures/cloudtrail/rds-ModifyDBInstance.json', import.meta.url), 'utf8')) as {
    detail: { requestParameters: Record<string, unknown>; responseElements: Record<string, unknown> };
  };
  event.detail.requestParameters = { dBInstanceIdentifier: 'analytics-db', multiAZ, applyImmediately: true };
  event.detail.responseElements = { ...event.detail.responseElements, multiAZ: !multiAZ, pendingModifiedValues: { multiAZ } };
  return event.detail;
}

async function setup() {
  const clock = { now: START };
  const account = emptyAccount();
  const instance: MemoryDbInstance = { id: 'analytics-db', engine: 'postgres', multiAZ: false };
  ensureRegion(account, 'eu-west-1').rds.instances.push(instance);
  const base = await continuousDeps(dynamo, account, ['rds-multi-az']);
  const queue = new RecordingQueue();
  const chains = new FollowUpChains(base.store.doc, base.store.tableName);
  const now = () => clock.now;
  const followUps = new FollowUps({ chains, queue, now });
  const deps = { ...base, now, alertOnFixed: true, followUps };
  // The first sweep is the region's baseline: later changes alert.
  await runSweep(deps, ACCOUNT, ['eu-west-1']);
  base.publisher.sent.length = 0;
  const step = (message: FollowUpMessage) => followUps.runStep(message, async (target) => (await handleFollowUpTarget(deps, target)).evaluation.findings);
  return { clock, instance, deps, queue, step, publisher: base.publisher };
}

describe('follow-ups of a change AWS applies later', () => {
  it('ModifyDBInstance with pendingModifiedValues: FAIL now, PASS after the simulated apply, one transition each way, no duplicate follow-ups', async () => {
    const { clock, instance, deps, queue, step, publisher } = await setup();

    // The call: RDS has not applied Multi-AZ yet (modifying, MultiAZ pending).
    instance.status = 'modifying';
    instance.pendingModifiedValues = { MultiAZ: true };
    const detail = modifyDBInstanceEvent(true);
    const now = await handleCloudTrailDetail(deps, cloudTrailDetailSchema.parse(detail), ACCOUNT);
    expect(now.evaluation?.findings.map((f) => [f.status, f.settlement?.pending])).toEqual([['FAIL', 'DB instance analytics-db is modifying']]);
    expect(now.followUps?.started).toEqual([{ accountId: ACCOUNT, region: 'eu-west-1', ruleId: 'rds-multi-az', resourceName: ARN }]);

    // EventBridge delivers the same event again, and a second call follows: still one chain.
    const again = await Promise.all([
      handleCloudTrailDetail(deps, cloudTrailDetailSchema.parse(detail), ACCOUNT),
      handleCloudTrailDetail(deps, cloudTrailDetailSchema.parse(detail), ACCOUNT),
    ]);
    expect(again.map((r) => r.followUps?.alreadyRunning)).toEqual([1, 1]);
    expect(queue.sent).toHaveLength(1);
    const first = queue.take();
    expect(first).toMatchObject({ delaySeconds: 120, message: { step: 0, dueAt: minutes(2).toISOString(), resourceName: ARN } });

    // +2 min, delivered twice at once: one evaluation (still modifying, FAIL), one next step.
    clock.now = minutes(2);
    const outcomes = await Promise.all([step(first.message), step(first.message)]);
    expect(outcomes.map((o) => o.action).sort()).toEqual(['duplicate', 'evaluated']);
    expect(queue.sent).toHaveLength(1);
    const second = queue.take();
    expect(second).toMatchObject({ delaySeconds: 480, message: { step: 1, dueAt: minutes(10).toISOString() } });
    // A late third copy of step 0 is stale.
    expect(await step(first.message)).toEqual({ action: 'duplicate', reason: 'stale' });

    // RDS applies the change; +10 min: PASS, and the chain ends.
    instance.status = 'available';
    instance.pendingModifiedValues = {};
    instance.multiAZ = true;
    clock.now = minutes(10);
    const applied = await step(second.message);
    expect(applied).toMatchObject({ action: 'evaluated', settled: true });
    expect(queue.sent).toHaveLength(0);
    expect(await step(second.message)).toEqual({ action: 'duplicate', reason: 'stale' });

    const stored = await deps.store.get('rds-multi-az', ARN);
    expect(stored?.status).toBe('PASS');
    expect(stored?.history.map((h) => `${h.from}→${h.to}`)).toEqual(['null→FAIL', 'FAIL→PASS']);
    expect(publisher.sent.map((m) => m.attributes.kind)).toEqual(['FIXED']);

    // The other way: turning Multi-AZ off reads PASS now, FAIL once applied; a new chain may start.
    clock.now = minutes(20);
    instance.status = 'modifying';
    instance.pendingModifiedValues = { MultiAZ: false };
    const off = await handleCloudTrailDetail(deps, cloudTrailDetailSchema.parse(modifyDBInstanceEvent(false)), ACCOUNT);
    expect(off.evaluation?.findings.map((f) => f.status)).toEqual(['PASS']);
    expect(off.followUps?.started).toHaveLength(1);
    const third = queue.take();
    instance.status = 'available';
    instance.pendingModifiedValues = {};
    instance.multiAZ = false;
    clock.now = minutes(22);
    expect(await step(third.message)).toMatchObject({ action: 'evaluated', settled: true });
    const after = await deps.store.get('rds-multi-az', ARN);
    expect(after?.history.map((h) => `${h.from}→${h.to}`)).toEqual(['null→FAIL', 'FAIL→PASS', 'PASS→FAIL']);
    expect(publisher.sent.map((m) => m.attributes.kind)).toEqual(['FIXED', 'REGRESSION']);
    expect(queue.sent).toHaveLength(0);
  });

  it('stops after +30 min even when the resource never settles, re-enqueueing the last step past SQS’s 900 s', async () => {
    const { clock, instance, deps, queue, step } = await setup();
    instance.status = 'modifying';
    instance.pendingModifiedValues = { MultiAZ: true };
    await handleCloudTrailDetail(deps, cloudTrailDetailSchema.parse(modifyDBInstanceEvent(true)), ACCOUNT);

    clock.now = minutes(2);
    await step(queue.take().message);
    clock.now = minutes(10);
    expect(await step(queue.take().message)).toMatchObject({ action: 'evaluated', settled: false, next: { step: 2, dueAt: minutes(30).toISOString() } });
    const last = queue.take();
    expect(last.delaySeconds).toBe(900);

    // Delivered after 900 s, 5 minutes early: re-enqueued with the rest of the delay, not evaluated.
    clock.now = minutes(25);
    expect(await step(last.message)).toEqual({ action: 'deferred', delaySeconds: 300 });
    const rest = queue.take();
    clock.now = minutes(30);
    expect(await step(rest.message)).toMatchObject({ action: 'evaluated', settled: false });
    expect(rest.message.step).toBe(2);
    // Out of steps: no fourth follow-up, and the chain is over, so the next change may start one.
    expect(queue.sent).toHaveLength(0);
    clock.now = minutes(31);
    const later = await handleCloudTrailDetail(deps, cloudTrailDetailSchema.parse(modifyDBInstanceEvent(true)), ACCOUNT);
    expect(later.followUps?.started).toHaveLength(1);
  });

  it('follows a call whose trigger settles later even when the first read shows nothing pending: one step, one message', async () => {
    const { clock, deps, queue, step } = await setup();
    // RDS has not even marked the instance modifying yet when the event is evaluated.
    const report = await handleCloudTrailDetail(deps, cloudTrailDetailSchema.parse(modifyDBInstanceEvent(true)), ACCOUNT);
    expect(report.evaluation?.findings.map((f) => f.settlement)).toEqual([{ name: ARN }]);
    expect(report.followUps?.started).toHaveLength(1);
    clock.now = minutes(2);
    expect(await step(queue.take().message)).toMatchObject({ action: 'evaluated', settled: true });
    expect(queue.sent).toHaveLength(0);
  });

  it('starts no chain for a resource whose finding closed (a database being deleted is gone)', async () => {
    const { deps, queue, instance } = await setup();
    instance.status = 'deleting';
    const deleted = await handleCloudTrailDetail(
      deps,
      cloudTrailDetailSchema.parse({ ...modifyDBInstanceEvent(true), eventName: 'DeleteDBInstance' }),
      ACCOUNT,
    );
    expect(deleted.evaluation?.findings.map((f) => f.status)).toEqual(['RESOLVED']);
    expect(deleted.followUps).toEqual({ started: [], alreadyRunning: 0, overLimit: 0, failed: [] });
    expect(queue.sent).toHaveLength(0);
  });

  it('starts no chain for a call whose effect is immediate (S3 versioning), on a rule that cannot tell', async () => {
    const account = emptyAccount();
    account.s3.buckets.push({ name: 'prod-data', region: 'eu-west-1', versioning: 'Suspended' });
    const base = await continuousDeps(dynamo, account, ['s3-bucket-versioning-enabled']);
    const queue = new RecordingQueue();
    const followUps = new FollowUps({ chains: new FollowUpChains(base.store.doc, base.store.tableName), queue });
    const report = await handleCloudTrailDetail(
      { ...base, followUps },
      putBucketVersioningEvent('prod-data', 'Suspended', START.toISOString()).detail,
      ACCOUNT,
    );
    expect(report.evaluation?.findings.map((f) => [f.status, f.settlement])).toEqual([['FAIL', undefined]]);
    expect(report.followUps?.started).toEqual([]);
    expect(queue.sent).toHaveLength(0);
  });

  it('ends the claim when the first message cannot be enqueued, so the retried event starts the chain', async () => {
    const { deps, instance, queue } = await setup();
    instance.status = 'modifying';
    const send = queue.send.bind(queue);
    queue.send = async () => {
      throw Object.assign(new Error('SQS is down'), { name: 'InternalError' });
    };
    const failed = await handleCloudTrailDetail(deps, cloudTrailDetailSchema.parse(modifyDBInstanceEvent(true)), ACCOUNT);
    expect(failed.followUps?.failed).toHaveLength(1);
    queue.send = send;
    const retried = await handleCloudTrailDetail(deps, cloudTrailDetailSchema.parse(modifyDBInstanceEvent(true)), ACCOUNT);
    expect(retried.followUps?.started).toHaveLength(1);
    expect(queue.sent).toHaveLength(1);
  });

  it('keys one chain per account, region, rule and resource', () => {
    expect(followUpPk({ accountId: ACCOUNT, region: 'eu-west-1', ruleId: 'rds-multi-az', resourceName: ARN })).toBe(
      `FOLLOWUP#${ACCOUNT}#eu-west-1#rds-multi-az#${ARN}`,
    );
  });
});
