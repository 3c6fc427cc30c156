import {
  GetBucketLocationCommand,
  GetBucketReplicationCommand,
  GetBucketTaggingCommand,
  ListBucketsCommand,
  type ReplicationRule,
  S3Client,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { s3BucketReplication as rule } from '../../../src/rules/s3/bucket-replication.js';
import { accessDenied, ACCOUNT, awsError, runRule, throttled, verdicts } from '../../helpers/aws.js';

const s3 = mockClient(S3Client);

/** Buckets as ListBuckets reports them, with their regions. */
function buckets(...entries: Array<[name: string, region: string]>) {
  return { Buckets: entries.map(([Name, BucketRegion]) => ({ Name, BucketRegion })) };
}

const CRITICAL = { TagSet: [{ Key: 'critical', Value: 'true' }] };

function toBucket(destination: string, overrides: Partial<ReplicationRule> = {}): ReplicationRule {
  return {
    ID: `to-${destination}`,
    Status: 'Enabled',
    Priority: 1,
    Filter: {},
    DeleteMarkerReplication: { Status: 'Disabled' },
    Destination: { Bucket: `arn:aws:s3:::${destination}` },
    ...overrides,
  };
}

function replication(...rules: ReplicationRule[]) {
  return { ReplicationConfiguration: { Role: `arn:aws:iam::${ACCOUNT}:role/s3-replication`, Rules: rules } };
}

describe('s3-bucket-replication', () => {
  beforeEach(() => {
    s3.reset();
    s3.on(GetBucketTaggingCommand).resolves(CRITICAL);
  });

  it('passes a critical bucket with an Enabled rule to a bucket in another region', async () => {
    // Prepare
    s3.on(ListBucketsCommand).resolves(buckets(['retainwise-backups', 'eu-west-1'], ['retainwise-backups-us', 'us-east-1']));
    s3.on(GetBucketTaggingCommand, { Bucket: 'retainwise-backups-us' }).rejects(awsError('NoSuchTagSet', 'The TagSet does not exist', 404));
    s3.on(GetBucketReplicationCommand).resolves(replication(toBucket('retainwise-backups-us')));
    // Act
    const { findings } = await runRule(rule);
    // Assess
    expect(verdicts(findings)).toEqual({
      'retainwise-backups': 'PASS: retainwise-backups (eu-west-1) replicates to retainwise-backups-us (us-east-1)',
    });
    expect(findings[0]).toMatchObject({ resourceId: 'arn:aws:s3:::retainwise-backups', severity: 'LOW', resourceType: 'AWS::S3::Bucket' });
    // The listing located the destination: no GetBucketLocation.
    expect(s3).not.toHaveReceivedCommand(GetBucketLocationCommand);
  });

  it('fails a critical bucket without replication, with only Disabled rules, or replicating in its own region', async () => {
    s3.on(ListBucketsCommand).resolves(buckets(['prod-data', 'eu-west-1'], ['paused', 'eu-west-1'], ['same-region', 'eu-west-1'], ['copy', 'eu-west-1']));
    s3.on(GetBucketTaggingCommand, { Bucket: 'copy' }).resolves({ TagSet: [] });
    s3.on(GetBucketReplicationCommand, { Bucket: 'prod-data' }).rejects(
      awsError('ReplicationConfigurationNotFoundError', 'The replication configuration was not found', 404),
    );
    s3.on(GetBucketReplicationCommand, { Bucket: 'paused' }).resolves(replication(toBucket('copy', { Status: 'Disabled' })));
    s3.on(GetBucketReplicationCommand, { Bucket: 'same-region' }).resolves(replication(toBucket('copy')));

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      'prod-data': 'FAIL: prod-data has no replication configuration',
      paused: 'FAIL: the only replication rule of paused is Disabled',
      'same-region': 'FAIL: same-region (eu-west-1) does not replicate to another region: its Enabled rules replicate to copy (eu-west-1)',
      copy: 'NOT_APPLICABLE: copy is not tagged critical=true',
    });
  });

  it('is ERROR, never "does not replicate", when a rule is listed without its Status or an Enabled one without its destination', async () => {
    s3.on(ListBucketsCommand).resolves(buckets(['untold', 'eu-west-1'], ['nowhere', 'eu-west-1']));
    s3.on(GetBucketReplicationCommand, { Bucket: 'untold' }).resolves(replication(toBucket('copy', { Status: undefined } as never)));
    s3.on(GetBucketReplicationCommand, { Bucket: 'nowhere' }).resolves(replication(toBucket('copy', { Destination: undefined } as never)));

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      untold: 'ERROR: GetBucketReplication did not say whether replication rule to-copy of untold is Enabled (no Status)',
      nowhere: 'ERROR: GetBucketReplication did not say where Enabled replication rule to-copy of nowhere replicates (no Destination.Bucket)',
    });
  });

  it('fails when the destination bucket no longer exists (the source finding stays open)', async () => {
    s3.on(ListBucketsCommand).resolves(buckets(['prod-data', 'eu-west-1']));
    s3.on(GetBucketReplicationCommand).resolves(replication(toBucket('deleted-dr-bucket')));
    s3.on(GetBucketLocationCommand, { Bucket: 'deleted-dr-bucket' }).rejects(awsError('NoSuchBucket', 'The specified bucket does not exist', 404));

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      'prod-data': 'FAIL: prod-data (eu-west-1) does not replicate to another region: its Enabled rules replicate to deleted-dr-bucket (does not exist)',
    });
  });

  it('locates a destination of another account with GetBucketLocation, and is ERROR when it cannot', async () => {
    s3.on(ListBucketsCommand).resolves(buckets(['to-dr-account', 'eu-west-1'], ['to-hidden', 'eu-west-1']));
    s3.on(GetBucketReplicationCommand, { Bucket: 'to-dr-account' }).resolves(
      replication(toBucket('dr-vault', { Destination: { Bucket: 'arn:aws:s3:::dr-vault', Account: '210987654321' } })),
    );
    s3.on(GetBucketReplicationCommand, { Bucket: 'to-hidden' }).resolves(
      replication(toBucket('hidden-vault', { Destination: { Bucket: 'arn:aws:s3:::hidden-vault', Account: '210987654321' } })),
    );
    s3.on(GetBucketLocationCommand, { Bucket: 'dr-vault' }).resolves({ LocationConstraint: 'eu-central-1' });
    s3.on(GetBucketLocationCommand, { Bucket: 'hidden-vault' }).rejects(accessDenied());

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      'to-dr-account': 'PASS: to-dr-account (eu-west-1) replicates to dr-vault (eu-central-1)',
      'to-hidden':
        'ERROR: cannot tell whether to-hidden replicates to another region: the region of destination bucket hidden-vault is unknown (AccessDenied: User is not authorized to perform this action)',
    });
    expect(findings.find((f) => f.resourceName === 'to-hidden')?.evidence).toMatchObject({ errorCode: 'AccessDenied' });
  });

  it('passes when one Enabled rule of several reaches another region', async () => {
    s3.on(ListBucketsCommand).resolves(buckets(['prod-data', 'eu-west-1'], ['local-copy', 'eu-west-1'], ['us-copy', 'us-east-1']));
    s3.on(GetBucketTaggingCommand, { Bucket: 'local-copy' }).resolves({ TagSet: [] });
    s3.on(GetBucketTaggingCommand, { Bucket: 'us-copy' }).resolves({ TagSet: [] });
    s3.on(GetBucketReplicationCommand, { Bucket: 'prod-data' }).resolves(
      replication(toBucket('local-copy', { Priority: 1 }), toBucket('us-copy', { Priority: 2 }), toBucket('hidden', { Status: 'Disabled' })),
    );

    const { findings } = await runRule(rule);

    expect(verdicts(findings)['prod-data']).toBe('PASS: prod-data (eu-west-1) replicates to us-copy (us-east-1)');
  });

  it('is NOT_APPLICABLE for untagged buckets, and honours tagKey / tagValue (null = any value)', async () => {
    s3.on(ListBucketsCommand).resolves(buckets(['tier-one', 'eu-west-1'], ['plain', 'eu-west-1']));
    s3.on(GetBucketTaggingCommand, { Bucket: 'tier-one' }).resolves({ TagSet: [{ Key: 'tier', Value: '1' }] });
    s3.on(GetBucketTaggingCommand, { Bucket: 'plain' }).rejects(awsError('NoSuchTagSet', 'The TagSet does not exist', 404));
    s3.on(GetBucketReplicationCommand).resolves(replication(toBucket('elsewhere')));
    s3.on(GetBucketLocationCommand, { Bucket: 'elsewhere' }).resolves({ LocationConstraint: 'us-west-2' });

    const defaults = await runRule(rule);
    const custom = await runRule(rule, { params: { tagKey: 'tier', tagValue: null } });

    expect(verdicts(defaults.findings)).toEqual({
      'tier-one': 'NOT_APPLICABLE: tier-one is not tagged critical=true',
      plain: 'NOT_APPLICABLE: plain is not tagged critical=true',
    });
    expect(verdicts(custom.findings)).toEqual({
      'tier-one': 'PASS: tier-one (eu-west-1) replicates to elsewhere (us-west-2)',
      plain: 'NOT_APPLICABLE: plain is not tagged tier',
    });
  });

  it('is ERROR, not PASS, when GetBucketReplication is denied', async () => {
    s3.on(ListBucketsCommand).resolves(buckets(['prod-data', 'eu-west-1']));
    s3.on(GetBucketReplicationCommand).rejects(accessDenied());

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({ 'prod-data': 'ERROR: AccessDenied: User is not authorized to perform this action' });
  });

  it('is ERROR, not NOT_APPLICABLE, when the tags cannot be read (throttling outlasting the retries)', async () => {
    s3.on(ListBucketsCommand).resolves(buckets(['prod-data', 'eu-west-1']));
    s3.on(GetBucketTaggingCommand).rejects(throttled());

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({ 'prod-data': 'ERROR: ThrottlingException: Rate exceeded' });
  });

  it('reads every page of ListBuckets', async () => {
    s3.on(ListBucketsCommand)
      .resolvesOnce({ ...buckets(['page1', 'eu-west-1']), ContinuationToken: 't1' })
      .resolvesOnce(buckets(['page2', 'eu-west-1']));
    s3.on(GetBucketReplicationCommand).rejects(awsError('ReplicationConfigurationNotFoundError', 'not found', 404));

    const { findings } = await runRule(rule);

    expect(findings.map((f) => f.resourceName).sort()).toEqual(['page1', 'page2']);
    expect(s3).toHaveReceivedCommandTimes(ListBucketsCommand, 2);
    expect(s3).toHaveReceivedNthCommandWith(ListBucketsCommand, 2, { ContinuationToken: 't1' });
  });

  it('re-evaluates one bucket named by an event, and closes the finding of a deleted one', async () => {
    s3.on(GetBucketLocationCommand, { Bucket: 'prod-data' }).resolves({ LocationConstraint: 'eu-west-1' });
    s3.on(GetBucketLocationCommand, { Bucket: 'prod-data-dr' }).resolves({ LocationConstraint: 'us-east-2' });
    s3.on(GetBucketLocationCommand, { Bucket: 'gone' }).rejects(awsError('NoSuchBucket', 'The specified bucket does not exist', 404));
    s3.on(GetBucketReplicationCommand).resolves(replication(toBucket('prod-data-dr')));

    const { findings } = await runRule(rule, { target: { region: 'eu-west-1', resourceNames: ['prod-data', 'gone'] } });

    expect(verdicts(findings)).toEqual({
      'prod-data': 'PASS: prod-data (eu-west-1) replicates to prod-data-dr (us-east-2)',
      gone: 'RESOLVED: gone no longer exists',
    });
    expect(s3).not.toHaveReceivedCommand(ListBucketsCommand);
  });
});
