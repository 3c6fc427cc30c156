import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureRegion } from '../../../src/cli/demo/memory-account/index.js';
import { handleCloudTrailDetail, runSweep } from '#shared/continuous/orchestration.js';
import { ACCOUNT, continuousDeps, emptyAccount, putBucketVersioningEvent } from '../../helpers/continuous.js';
import { type LocalDynamo, startDynalite } from '../../helpers/dynalite.js';
import { cloudTrailDetailSchema } from '#shared/engine/cloudtrail-router.js';

const VERSIONING = 's3-bucket-versioning-enabled';
const REGIONS = ['eu-west-1'];

let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(async () => {
  await dynamo.stop();
});

async function sweptAccount() {
  const account = emptyAccount();
  account.s3.buckets.push({ name: 'prod-data', region: 'eu-west-1', versioning: 'Enabled' }, { name: 'old-logs', region: 'eu-west-1' });
  const deps = await continuousDeps(dynamo, account, [VERSIONING]);
  const first = await runSweep(deps, ACCOUNT, REGIONS);
  return { account, deps, first };
}

describe('an event record without recipientAccountId (eventVersion 1.01)', () => {
  it('re-evaluates the RDS instance it names, in the account the handler validated, instead of skipping it', async () => {
    const account = emptyAccount();
    ensureRegion(account, 'eu-west-1').rds.instances.push({ id: 'analytics-db', engine: 'postgres', backupRetentionPeriod: 1 });
    const deps = await continuousDeps(dynamo, account, ['rds-backup-retention']);
    const event = JSON.parse(readFileSync(new URL('../../fixtures/cloudtrail/rds-ModifyDBInstance-eventVersion-1.01.json', import.meta.url), 'utf8')) as {
      detail: unknown;
    };

    const report = await handleCloudTrailDetail(deps, cloudTrailDetailSchema.parse(event.detail), ACCOUNT);

    expect(report.route).toMatchObject({ action: 'evaluate', eventName: 'ModifyDBInstance' });
    expect(report.evaluation?.findings.map((f) => `${f.resourceId} ${f.status}`)).toEqual([`arn:aws:rds:eu-west-1:${ACCOUNT}:db:analytics-db FAIL`]);
  });
});

describe('continuous mode on dynalite', () => {
  it('sends one baseline summary on the first sweep, not one alert per failure', async () => {
    const { deps, first } = await sweptAccount();
    expect(first.baseline).toEqual({ firstSweep: true, summarySent: true });
    expect(deps.publisher.sent).toHaveLength(1);
    expect(deps.publisher.sent[0]?.attributes.kind).toBe('BASELINE');
    expect(deps.publisher.sent[0]?.message.sms).toContain('1 failing');
  });

  it('writes nothing for an unchanged second sweep', async () => {
    const { deps, first } = await sweptAccount();
    expect(first.record.writes).toBe(2);
    const second = await runSweep(deps, ACCOUNT, REGIONS);
    expect(second.record).toMatchObject({ writes: 0, alerts: 0 });
    expect(deps.publisher.sent).toHaveLength(1);
  });

  it('(a) 20 concurrent evaluations of the same PASS→FAIL transition produce exactly one alert', async () => {
    const { account, deps } = await sweptAccount();
    account.s3.buckets[0]!.versioning = 'Suspended';
    const event = putBucketVersioningEvent('prod-data', 'Suspended', new Date().toISOString());

    const reports = await Promise.all(Array.from({ length: 20 }, () => handleCloudTrailDetail(deps, event.detail, ACCOUNT)));

    const regressions = deps.publisher.sent.filter((m) => m.attributes.kind === 'REGRESSION');
    expect(regressions).toHaveLength(1);
    expect(regressions[0]?.message.sms).toBe('[HIGH] s3-bucket-versioning-enabled FAIL prod-data (eu-west-1): versioning is Suspended on prod-data');
    expect(reports.reduce((n, r) => n + (r.record?.transitions.length ?? 0), 0)).toBe(1);
  });

  it('(a) a sweep and an event racing on the same transition produce exactly one alert', async () => {
    const { account, deps } = await sweptAccount();
    account.s3.buckets[0]!.versioning = 'Suspended';
    const event = putBucketVersioningEvent('prod-data', 'Suspended', new Date().toISOString());
    await Promise.all([
      runSweep(deps, ACCOUNT, REGIONS),
      handleCloudTrailDetail(deps, event.detail, ACCOUNT),
      runSweep(deps, ACCOUNT, REGIONS),
      handleCloudTrailDetail(deps, event.detail, ACCOUNT),
    ]);
    expect(deps.publisher.sent.filter((m) => m.attributes.kind === 'REGRESSION')).toHaveLength(1);
  });

  it('(b) the same CloudTrail event delivered twice produces one alert', async () => {
    const { account, deps } = await sweptAccount();
    account.s3.buckets[0]!.versioning = 'Suspended';
    const event = putBucketVersioningEvent('prod-data', 'Suspended', new Date().toISOString());
    await handleCloudTrailDetail(deps, event.detail, ACCOUNT);
    const again = await handleCloudTrailDetail(deps, event.detail, ACCOUNT);
    expect(again.record?.writes).toBe(0);
    expect(deps.publisher.sent.filter((m) => m.attributes.kind === 'REGRESSION')).toHaveLength(1);
  });

  it('(c) SNS failing once: the alert stays pending and the next invocation sends it exactly once', async () => {
    const { account, deps } = await sweptAccount();
    account.s3.buckets[0]!.versioning = 'Suspended';
    deps.publisher.failNext = 1;
    const event = putBucketVersioningEvent('prod-data', 'Suspended', new Date().toISOString());

    const failed = await handleCloudTrailDetail(deps, event.detail, ACCOUNT);
    expect(failed.drain).toMatchObject({ published: 0, failed: 1 });
    expect(await deps.store.pendingAlerts()).toHaveLength(1);

    const retried = await handleCloudTrailDetail(deps, event.detail, ACCOUNT);
    expect(retried.drain).toMatchObject({ published: 1, failed: 0 });
    await runSweep(deps, ACCOUNT, REGIONS);
    expect(deps.publisher.sent.filter((m) => m.attributes.kind === 'REGRESSION')).toHaveLength(1);
    expect(await deps.store.pendingAlerts()).toHaveLength(0);
  });

  it('(d) a resource deleted after a FAIL closes its finding and never alerts again', async () => {
    const { account, deps } = await sweptAccount();
    account.s3.buckets = account.s3.buckets.filter((b) => b.name !== 'old-logs');
    const deleteEvent = {
      ...putBucketVersioningEvent('old-logs', 'Suspended', new Date().toISOString()).detail,
      eventName: 'DeleteBucket',
      requestParameters: { bucketName: 'old-logs', Host: 'old-logs.s3.eu-west-1.amazonaws.com' },
    };
    await handleCloudTrailDetail(deps, deleteEvent, ACCOUNT);
    const closed = await deps.store.get(VERSIONING, 'arn:aws:s3:::old-logs');
    expect(closed).toMatchObject({ status: 'RESOLVED', reason: 'old-logs no longer exists' });

    await runSweep(deps, ACCOUNT, REGIONS);
    await runSweep(deps, ACCOUNT, REGIONS);
    expect((await deps.store.get(VERSIONING, 'arn:aws:s3:::old-logs'))?.status).toBe('RESOLVED');
    expect(deps.publisher.sent.filter((m) => m.attributes.kind !== 'BASELINE')).toHaveLength(0);
  });

  it('closes findings of resources a complete sweep no longer lists', async () => {
    const { account, deps } = await sweptAccount();
    account.s3.buckets = account.s3.buckets.filter((b) => b.name !== 'old-logs');
    const sweep = await runSweep(deps, ACCOUNT, REGIONS);
    expect(sweep.record.transitions.map((t) => `${t.finding.resourceName}:${t.from}->${t.finding.status}`)).toEqual(['old-logs:FAIL->RESOLVED']);
  });

  it('alerts on a new bucket first seen FAIL after the baseline', async () => {
    const { account, deps } = await sweptAccount();
    account.s3.buckets.push({ name: 'new-bucket', region: 'eu-west-1' });
    await runSweep(deps, ACCOUNT, REGIONS);
    expect(deps.publisher.sent.map((m) => m.attributes.kind)).toEqual(['BASELINE', 'NEW_FAILURE']);
  });

  it('batches several regressions of one sweep into one message per severity', async () => {
    const account = emptyAccount();
    account.s3.buckets.push(
      ...['a', 'b', 'c'].map((n) => ({ name: `bucket-${n}`, region: 'eu-west-1', versioning: 'Enabled' as const, mfaDelete: 'Enabled' as const })),
    );
    const deps = await continuousDeps(dynamo, account, [VERSIONING, 's3-bucket-mfa-delete-enabled']);
    await runSweep(deps, ACCOUNT, REGIONS);
    for (const bucket of account.s3.buckets) {
      bucket.versioning = 'Suspended';
      bucket.mfaDelete = 'Disabled';
    }
    const sweep = await runSweep(deps, ACCOUNT, REGIONS);
    expect(sweep.drain).toMatchObject({ published: 6, messages: 2 });
    expect(deps.publisher.sent.slice(1).map((m) => `${m.attributes.severity}:${m.attributes.count}`)).toEqual(['HIGH:3', 'MEDIUM:3']);
  });

  it('never alerts for suppressed findings', async () => {
    const account = emptyAccount();
    account.s3.buckets.push({ name: 'scratch-1', region: 'eu-west-1', versioning: 'Enabled' });
    const deps = await continuousDeps(dynamo, account, [VERSIONING]);
    await deps.store.putSuppression({ ruleId: VERSIONING, resourcePattern: 'scratch-*', reason: 'throwaway data' });
    await runSweep(deps, ACCOUNT, REGIONS);
    account.s3.buckets[0]!.versioning = 'Suspended';
    await runSweep(deps, ACCOUNT, REGIONS);
    const stored = await deps.store.get(VERSIONING, 'arn:aws:s3:::scratch-1');
    expect(stored).toMatchObject({ status: 'SUPPRESSED', evaluatedStatus: 'FAIL', suppression: { reason: 'throwaway data' } });
    expect(deps.publisher.sent.filter((m) => m.attributes.kind !== 'BASELINE')).toHaveLength(0);
  });

  it('applies suppressions given beside the table’s (a configuration parameter) to sweeps and events, the table’s first', async () => {
    const account = emptyAccount();
    account.s3.buckets.push({ name: 'scratch-1', region: 'eu-west-1' }, { name: 'tmp-1', region: 'eu-west-1', versioning: 'Enabled' });
    const deps = await continuousDeps(dynamo, account, [VERSIONING]);
    await deps.store.putSuppression({ ruleId: VERSIONING, resourcePattern: 'scratch-*', reason: 'set through the store' });
    const configured = { ...deps, suppressions: [{ ruleId: '*', resourcePattern: '*-1', reason: 'from the configuration parameter' }] };

    await runSweep(configured, ACCOUNT, REGIONS);
    expect(await deps.store.get(VERSIONING, 'arn:aws:s3:::scratch-1')).toMatchObject({
      status: 'SUPPRESSED',
      suppression: { reason: 'set through the store' },
    });

    account.s3.buckets[1]!.versioning = 'Suspended';
    const event = putBucketVersioningEvent('tmp-1', 'Suspended', new Date().toISOString());
    await handleCloudTrailDetail(configured, event.detail, ACCOUNT);
    expect(await deps.store.get(VERSIONING, 'arn:aws:s3:::tmp-1')).toMatchObject({
      status: 'SUPPRESSED',
      evaluatedStatus: 'FAIL',
      suppression: { reason: 'from the configuration parameter' },
    });
    expect(deps.publisher.sent.filter((m) => m.attributes.kind !== 'BASELINE')).toHaveLength(0);
  });

  it('re-evaluates regional rules only for events from the watched regions', async () => {
    const { account, deps } = await sweptAccount();
    account.s3.buckets[0]!.versioning = 'Suspended';
    const elsewhere = { ...putBucketVersioningEvent('prod-data', 'Suspended', new Date().toISOString()).detail, awsRegion: 'us-west-2' };
    const report = await handleCloudTrailDetail({ ...deps, scanRegions: ['eu-west-1'] }, elsewhere, ACCOUNT);
    expect(report.evaluation?.findings).toEqual([]);
    const watched = await handleCloudTrailDetail({ ...deps, scanRegions: ['eu-west-1'] }, { ...elsewhere, awsRegion: 'eu-west-1' }, ACCOUNT);
    expect(watched.record?.transitions).toHaveLength(1);
  });
});
