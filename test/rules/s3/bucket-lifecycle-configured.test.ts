import {
  GetBucketLifecycleConfigurationCommand,
  GetBucketLocationCommand,
  GetBucketTaggingCommand,
  GetBucketVersioningCommand,
  ListBucketsCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { s3BucketLifecycleConfigured as rule } from '../../../src/rules/s3/bucket-lifecycle-configured.js';
import { accessDenied, ACCOUNT, awsError, runRule, throttled, verdicts } from '../../helpers/aws.js';

const s3 = mockClient(S3Client);

function buckets(...names: string[]) {
  return { Buckets: names.map((Name) => ({ Name, BucketRegion: 'eu-west-1' })) };
}

const noLifecycle = () => awsError('NoSuchLifecycleConfiguration', 'The lifecycle configuration does not exist', 404);

describe('s3-bucket-lifecycle-configured', () => {
  beforeEach(() => {
    s3.reset();
    s3.on(GetBucketVersioningCommand).resolves({ Status: 'Enabled' });
  });

  it('passes a bucket with an Enabled lifecycle rule', async () => {
    // Prepare
    s3.on(ListBucketsCommand).resolves(buckets('retainwise-logs'));
    s3.on(GetBucketLifecycleConfigurationCommand).resolves({
      Rules: [
        { ID: 'archive', Status: 'Enabled', Filter: {}, Transitions: [{ Days: 90, StorageClass: 'GLACIER_IR' }] },
        { ID: 'old', Status: 'Disabled', Filter: {}, Expiration: { Days: 30 } },
      ],
    });
    // Act
    const { findings } = await runRule(rule);
    // Assess
    expect(verdicts(findings)).toEqual({ 'retainwise-logs': 'PASS: retainwise-logs has 1 Enabled lifecycle rule' });
    expect(findings[0]).toMatchObject({
      resourceId: 'arn:aws:s3:::retainwise-logs',
      resourceType: 'AWS::S3::Bucket',
      severity: 'LOW',
      evidence: {
        lifecycleRules: [
          { id: 'archive', status: 'Enabled' },
          { id: 'old', status: 'Disabled' },
        ],
      },
    });
  });

  it('fails a bucket without a lifecycle configuration or with only Disabled rules', async () => {
    s3.on(ListBucketsCommand).resolves(buckets('prod-data', 'paused', 'all-paused'));
    s3.on(GetBucketLifecycleConfigurationCommand, { Bucket: 'prod-data' }).rejects(noLifecycle());
    s3.on(GetBucketLifecycleConfigurationCommand, { Bucket: 'paused' }).resolves({ Rules: [{ ID: 'expire', Status: 'Disabled', Filter: {} }] });
    s3.on(GetBucketLifecycleConfigurationCommand, { Bucket: 'all-paused' }).resolves({
      Rules: [
        { ID: 'a', Status: 'Disabled', Filter: {} },
        { ID: 'b', Status: 'Disabled', Filter: {} },
      ],
    });

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      'prod-data': 'FAIL: prod-data has no lifecycle configuration',
      paused: 'FAIL: the only lifecycle rule of paused is Disabled',
      'all-paused': 'FAIL: none of the 2 lifecycle rules of all-paused is Enabled',
    });
  });

  it('is ERROR, never "not Enabled", when a lifecycle rule is listed without its (required) Status', async () => {
    s3.on(ListBucketsCommand).resolves(buckets('prod-data'));
    s3.on(GetBucketLifecycleConfigurationCommand).resolves({ Rules: [{ ID: 'expire', Status: undefined, Filter: {} } as never] });

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      'prod-data': 'ERROR: GetBucketLifecycleConfiguration did not say whether lifecycle rule expire of prod-data is Enabled (no Status)',
    });
  });

  it('says when MFA delete forbids lifecycle rules on the failing bucket', async () => {
    s3.on(ListBucketsCommand).resolves(buckets('retainwise-uploads'));
    s3.on(GetBucketLifecycleConfigurationCommand).rejects(noLifecycle());
    s3.on(GetBucketVersioningCommand).resolves({ Status: 'Enabled', MFADelete: 'Enabled' });

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      'retainwise-uploads':
        'FAIL: retainwise-uploads has no lifecycle configuration (MFA delete is Enabled on it, and S3 does not support lifecycle rules on MFA delete buckets)',
    });
  });

  it('keeps the FAIL when the MFA delete note cannot be read, and records why', async () => {
    s3.on(ListBucketsCommand).resolves(buckets('prod-data'));
    s3.on(GetBucketLifecycleConfigurationCommand).rejects(noLifecycle());
    s3.on(GetBucketVersioningCommand).rejects(accessDenied());

    const { findings } = await runRule(rule);

    expect(findings[0]).toMatchObject({
      status: 'FAIL',
      reason: 'prod-data has no lifecycle configuration',
      evidence: { versioningCheckError: 'AccessDenied' },
    });
  });

  it('scopes by namePattern and tag: other buckets are NOT_APPLICABLE', async () => {
    s3.on(ListBucketsCommand).resolves(buckets('retainwise-logs', 'retainwise-backups', 'website'));
    s3.on(GetBucketTaggingCommand, { Bucket: 'retainwise-logs' }).resolves({ TagSet: [{ Key: 'data-class', Value: 'logs' }] });
    s3.on(GetBucketTaggingCommand, { Bucket: 'retainwise-backups' }).rejects(awsError('NoSuchTagSet', 'The TagSet does not exist', 404));
    s3.on(GetBucketLifecycleConfigurationCommand).rejects(noLifecycle());

    const { findings } = await runRule(rule, { params: { namePattern: 'retainwise-*', tagKey: 'data-class' } });

    expect(verdicts(findings)).toEqual({
      'retainwise-logs': 'FAIL: retainwise-logs has no lifecycle configuration',
      'retainwise-backups': 'NOT_APPLICABLE: retainwise-backups is not tagged data-class',
      website: 'NOT_APPLICABLE: website does not match namePattern retainwise-*',
    });
    expect(s3).not.toHaveReceivedCommandWith(GetBucketTaggingCommand, { Bucket: 'website' });
  });

  it('is ERROR, not PASS, when GetBucketLifecycleConfiguration is denied', async () => {
    s3.on(ListBucketsCommand).resolves(buckets('denied'));
    s3.on(GetBucketLifecycleConfigurationCommand).rejects(accessDenied());

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({ denied: 'ERROR: AccessDenied: User is not authorized to perform this action' });
  });

  it('is ERROR when throttling outlasts the retries', async () => {
    s3.on(ListBucketsCommand).resolves(buckets('busy'));
    s3.on(GetBucketLifecycleConfigurationCommand).rejects(throttled());

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({ busy: 'ERROR: ThrottlingException: Rate exceeded' });
  });

  it('is NOT_APPLICABLE, account-wide, when the region has no bucket; one ERROR when the listing is denied', async () => {
    s3.on(ListBucketsCommand).resolvesOnce({ Buckets: [] }).rejectsOnce(accessDenied());

    const empty = await runRule(rule);
    const denied = await runRule(rule);

    expect(verdicts(empty.findings)).toEqual({ [`${ACCOUNT}/eu-west-1`]: 'NOT_APPLICABLE: no AWS::S3::Bucket in eu-west-1' });
    expect(verdicts(denied.findings)).toEqual({
      [`${ACCOUNT}/eu-west-1`]: 'ERROR: could not list resources: AccessDenied: User is not authorized to perform this action',
    });
  });

  it('reads every page of ListBuckets', async () => {
    s3.on(ListBucketsCommand)
      .resolvesOnce({ ...buckets('page1-a', 'page1-b'), ContinuationToken: 't1' })
      .resolvesOnce(buckets('page2-a'));
    s3.on(GetBucketLifecycleConfigurationCommand).resolves({ Rules: [{ ID: 'r', Status: 'Enabled', Filter: {} }] });

    const { findings } = await runRule(rule);

    expect(findings.map((f) => f.resourceName).sort()).toEqual(['page1-a', 'page1-b', 'page2-a']);
    expect(s3).toHaveReceivedCommandTimes(ListBucketsCommand, 2);
    expect(s3).toHaveReceivedNthCommandWith(ListBucketsCommand, 2, { ContinuationToken: 't1' });
  });

  it('re-evaluates one bucket named by an event in its own region, and closes a deleted one', async () => {
    s3.on(GetBucketLocationCommand, { Bucket: 'retainwise-logs' }).resolves({ LocationConstraint: 'eu-west-1' });
    s3.on(GetBucketLocationCommand, { Bucket: 'gone' }).rejects(awsError('NoSuchBucket', 'The specified bucket does not exist', 404));
    s3.on(GetBucketLifecycleConfigurationCommand).rejects(noLifecycle());

    const { findings } = await runRule(rule, { target: { region: 'us-east-1', resourceNames: ['retainwise-logs', 'gone'] } });

    expect(findings.map((f) => `${f.resourceName}@${f.region} ${f.status}: ${f.reason}`).sort()).toEqual([
      'gone@us-east-1 RESOLVED: gone no longer exists',
      'retainwise-logs@eu-west-1 FAIL: retainwise-logs has no lifecycle configuration',
    ]);
    expect(s3).not.toHaveReceivedCommand(ListBucketsCommand);
  });
});
