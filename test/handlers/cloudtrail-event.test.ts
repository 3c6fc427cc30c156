import { GetBucketLocationCommand, GetBucketVersioningCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { PublishCommand, type PublishCommandInput, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { handler } from '../../src/handlers/cloudtrail-event.js';
import { handler as sweep } from '../../src/handlers/scheduled-scan.js';
import { ConfigError } from '#shared/core/errors.js';
import type { Finding } from '#shared/core/model.js';
import { resetRuntime, runtimeFor } from '#shared/continuous/runtime.js';
import { putBucketVersioningEvent } from '../helpers/continuous.js';
import { type LocalDynamo, startDynalite } from '../helpers/dynalite.js';
import { lambdaContext, TOPIC_ARN, useHandlerEnvironment } from '../helpers/lambda.js';
import { seedPendingAlerts } from '../helpers/outbox.js';
import { invalidParameter, SNS_MAX_BYTES, snsMessageBytes } from '../helpers/sns.js';
import { RULES } from '../../src/rules/index.js';

const s3 = mockClient(S3Client);
const sns = mockClient(SNSClient);
let dynamo: LocalDynamo;

beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(async () => {
  await dynamo.stop();
});

beforeEach(async () => {
  s3.reset();
  sns.reset();
  sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
  s3.on(ListBucketsCommand).resolves({ Buckets: [{ Name: 'prod-data', BucketRegion: 'eu-west-1' }] });
  s3.on(GetBucketLocationCommand).resolves({ LocationConstraint: 'eu-west-1' });
  s3.on(GetBucketVersioningCommand).resolves({ Status: 'Enabled', MFADelete: 'Enabled' });
  await useHandlerEnvironment(dynamo);
});

const now = () => new Date().toISOString();

describe('cloudtrail-event handler', () => {
  it.each([
    ['null', null],
    ['a string', 'PutBucketVersioning'],
    ['an empty object', {}],
    ['another detail-type', { 'detail-type': 'Scheduled Event', detail: {} }],
    ['no detail', { 'detail-type': 'AWS API Call via CloudTrail' }],
    ['a detail without eventName', { 'detail-type': 'AWS API Call via CloudTrail', detail: { eventSource: 's3.amazonaws.com', awsRegion: 'eu-west-1' } }],
    [
      'requestParameters of the wrong type',
      {
        ...putBucketVersioningEvent('prod-data', 'Suspended', now()),
        detail: { ...putBucketVersioningEvent('prod-data', 'Suspended', now()).detail, requestParameters: 'bucketName=prod-data' },
      },
    ],
  ])('skips %s without throwing', async (_name, event) => {
    await expect(handler(event, lambdaContext())).resolves.toEqual({ action: 'skipped', reason: 'malformed' });
  });

  it('skips failed calls, read-only calls, unknown events and other accounts', async () => {
    const base = putBucketVersioningEvent('prod-data', 'Suspended', now());
    const variant = (detail: Record<string, unknown>) => ({ ...base, detail: { ...base.detail, ...detail } });
    await expect(handler(variant({ errorCode: 'AccessDenied' }), lambdaContext())).resolves.toMatchObject({ reason: 'failed-call' });
    await expect(handler(variant({ eventName: 'GetBucketVersioning', readOnly: true }), lambdaContext())).resolves.toMatchObject({ reason: 'read-only' });
    await expect(handler(variant({ eventName: 'PutBucketCors' }), lambdaContext())).resolves.toMatchObject({ reason: 'unknown-event' });
    await expect(handler(variant({ requestParameters: {} }), lambdaContext())).resolves.toMatchObject({ reason: 'no-resource' });
    await expect(handler(variant({ recipientAccountId: '210987654321' }), lambdaContext())).resolves.toMatchObject({ reason: 'unknown-account' });
    expect(s3).not.toHaveReceivedCommand(GetBucketVersioningCommand);
  });

  it('re-evaluates just the bucket named by the event and alerts once on its regression', async () => {
    await sweep({}, lambdaContext());
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1); // the baseline summary
    s3.resetHistory();
    s3.on(GetBucketVersioningCommand).resolves({ Status: 'Suspended', MFADelete: 'Enabled' });

    const outcome = await handler(putBucketVersioningEvent('prod-data', 'Suspended', now()), lambdaContext());

    expect(outcome).toEqual({ action: 'evaluated', findings: 2, transitions: 1 });
    expect(s3).not.toHaveReceivedCommand(ListBucketsCommand);
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 2);
    const publish = sns.commandCalls(PublishCommand)[1]!.args[0].input;
    expect(publish).toMatchObject({ TopicArn: TOPIC_ARN, MessageStructure: 'json' });
    const message = JSON.parse(publish.Message ?? '{}') as Record<string, string>;
    expect(message.sms).toBe('[HIGH] s3-bucket-versioning-enabled FAIL prod-data (eu-west-1): versioning is Suspended on prod-data');
    expect(message.email).toContain('aws s3api put-bucket-versioning --bucket <bucket>');
    expect(publish.MessageAttributes?.severity?.StringValue).toBe('HIGH');
  });

  it('fails the invocation when SNS is down, so Lambda retries; the retry publishes exactly once', async () => {
    await sweep({}, lambdaContext());
    s3.on(GetBucketVersioningCommand).resolves({ Status: 'Suspended', MFADelete: 'Enabled' });
    sns.reset();
    sns
      .on(PublishCommand)
      .rejectsOnce(Object.assign(new Error('SNS unavailable'), { name: 'InternalErrorException' }))
      .resolves({ MessageId: 'm-2' });
    const event = putBucketVersioningEvent('prod-data', 'Suspended', now());

    await expect(handler(event, lambdaContext())).rejects.toThrow(/1 alerts could not be published/);
    await expect(handler(event, lambdaContext())).resolves.toMatchObject({ action: 'evaluated', transitions: 0 });

    const regressions = sns.commandCalls(PublishCommand).filter((c) => c.args[0].input.MessageAttributes?.kind?.StringValue === 'REGRESSION');
    expect(regressions).toHaveLength(2); // the failed attempt and the successful retry
    expect(await (await runtimeFor(RULES)).deps.store.pendingAlerts()).toHaveLength(0);
  });

  it('drains a burst SNS would refuse in one message (256 KiB) without failing the invocation, every alert once', async () => {
    // Prepare: 400 HIGH alerts pending (a lost permission, an expiring wildcard suppression), and an
    // SNS that refuses what it refuses in production: more than 262,144 bytes.
    const { store } = (await runtimeFor(RULES)).deps;
    await seedPendingAlerts(
      store,
      Array.from({ length: 400 }, (_, i) => burstFinding(i)),
    );
    sns.reset();
    sns.on(PublishCommand).callsFake((input: PublishCommandInput) => {
      if (snsMessageBytes(input) > SNS_MAX_BYTES) throw invalidParameter('Invalid parameter: Message too long');
      return { MessageId: 'm' };
    });

    // Act: any later event drains the outbox.
    const outcome = await handler(
      {
        ...putBucketVersioningEvent('prod-data', 'Enabled', now()),
        detail: { ...putBucketVersioningEvent('prod-data', 'Enabled', now()).detail, eventName: 'PutBucketCors' },
      },
      lambdaContext(),
    );

    // Assess
    expect(outcome).toMatchObject({ action: 'skipped', reason: 'unknown-event' });
    expect(await store.pendingAlerts()).toEqual([]);
    const counts = sns.commandCalls(PublishCommand).map((c) => Number(c.args[0].input.MessageAttributes?.count?.StringValue));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(400);
    expect(counts).toEqual(Array.from({ length: 8 }, () => 50));
  }, 120_000);
});

function burstFinding(i: number): Finding {
  return {
    ruleId: 's3-bucket-versioning-enabled',
    resourceId: `arn:aws:s3:::burst-${i}`,
    resourceName: `burst-${i}`,
    resourceType: 'AWS::S3::Bucket',
    accountId: '123456789012',
    region: 'eu-west-1',
    status: 'FAIL',
    severity: 'HIGH',
    // Realistic reasons and evidence: about 600 bytes of email per alert, so 400 of them exceed 256 KiB.
    reason: `versioning is Suspended on burst-${i}; it was Enabled at the previous evaluation and replication depends on it`,
    evidence: { status: 'Suspended', previous: 'Enabled', tags: { team: 'data-platform', owner: 'storage-oncall', costCenter: 'cc-1234' } },
    evaluatedAt: new Date().toISOString(),
  };
}

describe('cloudtrail-event handler with a configuration parameter', () => {
  const parameter = { text: '', fail: false };
  beforeEach(async () => {
    await useHandlerEnvironment(dynamo, { PREFLIGHT_CONFIG_PARAMETER: '/preflight/config' });
    resetRuntime({
      fetchParameter: async () => {
        if (parameter.fail) throw Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' });
        return parameter.text;
      },
    });
  });

  it('routes events to the rules the parameter leaves enabled only', async () => {
    Object.assign(parameter, { text: 'disabledRules: [s3-bucket-versioning-enabled]\n', fail: false });
    await expect(handler(putBucketVersioningEvent('prod-data', 'Suspended', now()), lambdaContext())).resolves.toMatchObject({
      action: 'evaluated',
      findings: 1,
    });
    expect(await (await runtimeFor(RULES)).deps.store.get('s3-bucket-versioning-enabled', 'arn:aws:s3:::prod-data')).toBeUndefined();
    expect(await (await runtimeFor(RULES)).deps.store.get('s3-bucket-mfa-delete-enabled', 'arn:aws:s3:::prod-data')).toMatchObject({ status: 'PASS' });
  });

  it('fails the invocation (EventBridge retries it) when the parameter cannot be read', async () => {
    Object.assign(parameter, { fail: true });
    await expect(handler(putBucketVersioningEvent('prod-data', 'Suspended', now()), lambdaContext())).rejects.toThrow(
      new ConfigError('cannot read configuration parameter /preflight/config: not authorized'),
    );
    expect(s3).not.toHaveReceivedCommand(GetBucketVersioningCommand);
  });
});
