import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CloudTrailDetail } from '../../../src/rules/define-rule.js';
import { s3Rules } from '../../../src/rules/s3/index.js';
import { buildTriggerTable, cloudTrailEventSchema } from '#shared/engine/cloudtrail-router.js';
import { evaluateRoute } from '#shared/engine/evaluate-route.js';
import { emptyAccount, memoryApiProvider } from '../../../src/cli/demo/memory-account/index.js';
import { ACCOUNT } from '../../helpers/aws.js';
import { routeRecord } from '../../helpers/cloudtrail.js';

function fixture(eventName: string): { detail: CloudTrailDetail } {
  const url = new URL(`../../fixtures/cloudtrail/s3-${eventName}.json`, import.meta.url);
  const event = cloudTrailEventSchema.parse(JSON.parse(readFileSync(url, 'utf8')));
  return { detail: { ...event.detail, requestParameters: event.detail.requestParameters ?? null } };
}

/** Every (rule, eventName) the S3 rules listen to, and the bucket each fixture names. */
const EXPECTED: ReadonlyArray<[ruleId: string, eventName: string, bucket: string]> = [
  ['s3-bucket-versioning-enabled', 'CreateBucket', 'retainwise-archive'],
  ['s3-bucket-versioning-enabled', 'PutBucketVersioning', 'prod-data'],
  ['s3-bucket-versioning-enabled', 'DeleteBucket', 'retainwise-backups-us'],
  ['s3-bucket-mfa-delete-enabled', 'CreateBucket', 'retainwise-archive'],
  ['s3-bucket-mfa-delete-enabled', 'PutBucketVersioning', 'prod-data'],
  ['s3-bucket-mfa-delete-enabled', 'PutBucketTagging', 'retainwise-uploads'],
  ['s3-bucket-mfa-delete-enabled', 'DeleteBucketTagging', 'retainwise-uploads'],
  ['s3-bucket-mfa-delete-enabled', 'DeleteBucket', 'retainwise-backups-us'],
  ['s3-bucket-replication', 'CreateBucket', 'retainwise-archive'],
  ['s3-bucket-replication', 'PutBucketReplication', 'retainwise-backups'],
  ['s3-bucket-replication', 'DeleteBucketReplication', 'prod-data'],
  ['s3-bucket-replication', 'PutBucketTagging', 'retainwise-uploads'],
  ['s3-bucket-replication', 'DeleteBucketTagging', 'retainwise-uploads'],
  ['s3-bucket-replication', 'DeleteBucket', 'retainwise-backups-us'],
  ['s3-bucket-lifecycle-configured', 'CreateBucket', 'retainwise-archive'],
  // CloudTrail logs PutBucketLifecycleConfiguration (the current API) as PutBucketLifecycle.
  ['s3-bucket-lifecycle-configured', 'PutBucketLifecycle', 'retainwise-logs'],
  ['s3-bucket-lifecycle-configured', 'DeleteBucketLifecycle', 'retainwise-logs'],
  ['s3-bucket-lifecycle-configured', 'PutBucketTagging', 'retainwise-uploads'],
  ['s3-bucket-lifecycle-configured', 'DeleteBucketTagging', 'retainwise-uploads'],
  ['s3-bucket-lifecycle-configured', 'DeleteBucket', 'retainwise-backups-us'],
];

describe('S3 CloudTrail triggers', () => {
  it('cover exactly the events listed here, all from s3.amazonaws.com', () => {
    const declared = s3Rules.flatMap((r) => r.triggers.flatMap((t) => t.eventNames.map((name) => `${r.id} ${t.eventSource} ${name}`)));
    expect(declared.sort()).toEqual(EXPECTED.map(([id, name]) => `${id} s3.amazonaws.com ${name}`).sort());
  });

  it.each(EXPECTED)('%s extracts the bucket from %s', (ruleId, eventName, bucket) => {
    const { detail } = fixture(eventName);
    const rule = s3Rules.find((r) => r.id === ruleId);
    const trigger = rule?.triggers.find((t) => t.eventNames.includes(eventName));

    expect(trigger?.resourceNames?.(detail)).toEqual([bucket]);
  });

  it('routes PutBucketVersioning to both S3 rules for that bucket, in the event region', () => {
    const route = routeRecord(fixture('PutBucketVersioning').detail, buildTriggerTable(s3Rules));

    expect(route).toMatchObject({ action: 'evaluate', region: 'eu-west-1', eventName: 'PutBucketVersioning' });
    expect(route.action === 'evaluate' && route.targets.map((t) => [t.rule.id, t.resourceNames])).toEqual([
      ['s3-bucket-versioning-enabled', ['prod-data']],
      ['s3-bucket-mfa-delete-enabled', ['prod-data']],
    ]);
  });

  it('routes PutBucketTagging to the rules that tags can scope, not to versioning', () => {
    const route = routeRecord(fixture('PutBucketTagging').detail, buildTriggerTable(s3Rules));

    expect(route.action === 'evaluate' && route.targets.map((t) => t.rule.id)).toEqual([
      's3-bucket-mfa-delete-enabled',
      's3-bucket-replication',
      's3-bucket-lifecycle-configured',
    ]);
  });

  it('routes DeleteBucketTagging to the same three rules, and takes the bucket out of a tag scope within the event', async () => {
    const route = routeRecord(fixture('DeleteBucketTagging').detail, buildTriggerTable(s3Rules));
    if (route.action !== 'evaluate') throw new Error(route.message);
    expect(route.targets.map((t) => [t.rule.id, t.resourceNames])).toEqual([
      ['s3-bucket-mfa-delete-enabled', ['retainwise-uploads']],
      ['s3-bucket-replication', ['retainwise-uploads']],
      ['s3-bucket-lifecycle-configured', ['retainwise-uploads']],
    ]);

    const account = emptyAccount(ACCOUNT);
    account.s3.buckets.push({ name: 'retainwise-uploads', region: 'eu-west-1', versioning: 'Enabled', tags: { critical: 'true' } });
    const apis = memoryApiProvider(account);
    const status = async () => (await evaluateRoute(route, { accountId: ACCOUNT, apis })).findings.find((f) => f.ruleId === 's3-bucket-replication')?.status;

    // Tagged critical=true (the rule's default scope) and replicating nowhere.
    expect(await status()).toBe('FAIL');
    // The call of the fixture, applied to the account.
    delete account.s3.buckets[0]!.tags;
    expect(await status()).toBe('NOT_APPLICABLE');
  });

  it('routes PutBucketReplication and PutBucketLifecycle to their rule only', () => {
    const table = buildTriggerTable(s3Rules);
    const targets = (eventName: string) => {
      const route = routeRecord(fixture(eventName).detail, table);
      return route.action === 'evaluate' ? route.targets.map((t) => [t.rule.id, t.resourceNames]) : route;
    };

    expect(targets('PutBucketReplication')).toEqual([['s3-bucket-replication', ['retainwise-backups']]]);
    expect(targets('PutBucketLifecycle')).toEqual([['s3-bucket-lifecycle-configured', ['retainwise-logs']]]);
  });
});
