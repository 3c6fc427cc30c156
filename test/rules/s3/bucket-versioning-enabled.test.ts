import { GetBucketLocationCommand, GetBucketVersioningCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { s3BucketVersioningEnabled as rule } from '../../../src/rules/s3/bucket-versioning-enabled.js';
import { accessDenied, ACCOUNT, runRule, throttled, verdicts } from '../../helpers/aws.js';

const s3 = mockClient(S3Client);

function buckets(...names: string[]) {
  return { Buckets: names.map((Name) => ({ Name, BucketRegion: 'eu-west-1' })) };
}

describe('s3-bucket-versioning-enabled', () => {
  beforeEach(() => s3.reset());

  it('passes when versioning is Enabled', async () => {
    // Prepare
    s3.on(ListBucketsCommand).resolves(buckets('prod-data'));
    s3.on(GetBucketVersioningCommand).resolves({ Status: 'Enabled' });
    // Act
    const { findings } = await runRule(rule);
    // Assess
    expect(verdicts(findings)).toEqual({ 'prod-data': 'PASS: versioning is Enabled on prod-data' });
    expect(findings[0]).toMatchObject({
      resourceId: 'arn:aws:s3:::prod-data',
      resourceType: 'AWS::S3::Bucket',
      region: 'eu-west-1',
      accountId: ACCOUNT,
      severity: 'HIGH',
    });
  });

  it('fails when versioning is Suspended or was never set', async () => {
    s3.on(ListBucketsCommand).resolves(buckets('suspended', 'never'));
    s3.on(GetBucketVersioningCommand, { Bucket: 'suspended' }).resolves({ Status: 'Suspended' });
    s3.on(GetBucketVersioningCommand, { Bucket: 'never' }).resolves({});

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      suspended: 'FAIL: versioning is Suspended on suspended',
      never: 'FAIL: versioning is not enabled on never',
    });
  });

  it('is ERROR, not PASS, when GetBucketVersioning is denied, and the scan continues', async () => {
    s3.on(ListBucketsCommand).resolves(buckets('denied', 'fine'));
    s3.on(GetBucketVersioningCommand, { Bucket: 'denied' }).rejects(accessDenied());
    s3.on(GetBucketVersioningCommand, { Bucket: 'fine' }).resolves({ Status: 'Enabled' });

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      denied: 'ERROR: AccessDenied: User is not authorized to perform this action',
      fine: 'PASS: versioning is Enabled on fine',
    });
    expect(findings.find((f) => f.resourceName === 'denied')?.evidence).toEqual({ errorCode: 'AccessDenied' });
  });

  it('is ERROR when throttling outlasts the retries', async () => {
    s3.on(ListBucketsCommand).resolves(buckets('busy'));
    s3.on(GetBucketVersioningCommand).rejects(throttled());

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({ busy: 'ERROR: ThrottlingException: Rate exceeded' });
  });

  it('is one account-level ERROR when the buckets cannot be listed', async () => {
    s3.on(ListBucketsCommand).rejects(accessDenied());

    const { findings, complete } = await runRule(rule);

    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      status: 'ERROR',
      resourceId: `${ACCOUNT}/eu-west-1`,
      resourceType: 'AWS::::Account',
      reason: 'could not list resources: AccessDenied: User is not authorized to perform this action',
    });
    expect(complete).toEqual([]);
  });

  it('is NOT_APPLICABLE when the account has no bucket in the region', async () => {
    s3.on(ListBucketsCommand).resolves({ Buckets: [{ Name: 'elsewhere', BucketRegion: 'us-west-2' }] });

    const { findings, complete } = await runRule(rule);

    expect(verdicts(findings)).toEqual({ [`${ACCOUNT}/eu-west-1`]: 'NOT_APPLICABLE: no AWS::S3::Bucket in eu-west-1' });
    expect(complete).toEqual([{ ruleId: rule.id, region: 'eu-west-1' }]);
    expect(s3).not.toHaveReceivedCommand(GetBucketVersioningCommand);
  });

  it('reads every page of ListBuckets', async () => {
    s3.on(ListBucketsCommand)
      .resolvesOnce({ ...buckets('page1-a', 'page1-b'), ContinuationToken: 't1' })
      .resolvesOnce({ ...buckets('page2-a'), ContinuationToken: 't2' })
      .resolvesOnce(buckets('page3-a'));
    s3.on(GetBucketVersioningCommand).resolves({ Status: 'Enabled' });

    const { findings } = await runRule(rule);

    expect(findings.map((f) => f.resourceName).sort()).toEqual(['page1-a', 'page1-b', 'page2-a', 'page3-a']);
    expect(s3).toHaveReceivedCommandTimes(ListBucketsCommand, 3);
    expect(s3).toHaveReceivedNthCommandWith(ListBucketsCommand, 2, { ContinuationToken: 't1' });
    expect(s3).toHaveReceivedNthCommandWith(ListBucketsCommand, 3, { ContinuationToken: 't2' });
  });

  it('honours the bucket region: null is us-east-1, EU is eu-west-1', async () => {
    s3.on(ListBucketsCommand).resolves({ Buckets: [{ Name: 'virginia' }, { Name: 'legacy-eu' }, { Name: 'frankfurt' }] });
    s3.on(GetBucketLocationCommand, { Bucket: 'virginia' }).resolves({});
    s3.on(GetBucketLocationCommand, { Bucket: 'legacy-eu' }).resolves({ LocationConstraint: 'EU' });
    s3.on(GetBucketLocationCommand, { Bucket: 'frankfurt' }).resolves({ LocationConstraint: 'eu-central-1' });
    s3.on(GetBucketVersioningCommand).resolves({ Status: 'Enabled' });

    const { findings } = await runRule(rule, { regions: ['us-east-1', 'eu-west-1', 'eu-central-1'] });

    expect(Object.fromEntries(findings.map((f) => [f.resourceName, f.region]))).toEqual({
      virginia: 'us-east-1',
      'legacy-eu': 'eu-west-1',
      frankfurt: 'eu-central-1',
    });
    // One listing and one location per bucket serve all three regions.
    expect(s3).toHaveReceivedCommandTimes(ListBucketsCommand, 1);
    expect(s3).toHaveReceivedCommandTimes(GetBucketLocationCommand, 3);
  });

  it('re-evaluates one bucket named by an event, locating it first', async () => {
    s3.on(GetBucketLocationCommand).resolves({ LocationConstraint: 'eu-west-1' });
    s3.on(GetBucketVersioningCommand).resolves({ Status: 'Suspended' });

    const { findings } = await runRule(rule, { target: { region: 'us-east-1', resourceNames: ['prod-data'] } });

    expect(findings).toMatchObject([{ resourceName: 'prod-data', region: 'eu-west-1', status: 'FAIL' }]);
    expect(s3).not.toHaveReceivedCommand(ListBucketsCommand);
  });

  it('closes the finding (RESOLVED) when the named bucket no longer exists', async () => {
    s3.on(GetBucketLocationCommand).rejects(Object.assign(new Error('gone'), { name: 'NoSuchBucket' }));

    const { findings } = await runRule(rule, { target: { region: 'eu-west-1', resourceNames: ['gone-bucket'] } });

    expect(verdicts(findings)).toEqual({ 'gone-bucket': 'RESOLVED: gone-bucket no longer exists' });
  });
});
