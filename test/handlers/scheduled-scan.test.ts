import { GetBucketVersioningCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { handler } from '../../src/handlers/scheduled-scan.js';
import { resetRuntime } from '../../src/shared/runtime.js';
import { type LocalDynamo, startDynalite } from '../helpers/dynalite.js';
import { lambdaContext, useHandlerEnvironment } from '../helpers/lambda.js';

const s3 = mockClient(S3Client);
const sns = mockClient(SNSClient);
let dynamo: LocalDynamo;

beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(async () => {
  await dynamo.stop();
});

const scheduledEvent = {
  version: '0',
  id: '53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa',
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  account: '123456789012',
  time: '2026-11-23T10:00:00Z',
  region: 'eu-west-1',
  resources: ['arn:aws:events:eu-west-1:123456789012:rule/preflight-sweep'],
  detail: {},
};

beforeEach(async () => {
  s3.reset();
  sns.reset();
  sns.on(PublishCommand).resolves({ MessageId: 'm' });
  s3.on(ListBucketsCommand).resolves({ Buckets: [{ Name: 'a', BucketRegion: 'eu-west-1' }, { Name: 'b', BucketRegion: 'eu-west-1' }] });
  s3.on(GetBucketVersioningCommand, { Bucket: 'a' }).resolves({ Status: 'Enabled' });
  s3.on(GetBucketVersioningCommand, { Bucket: 'b' }).resolves({ Status: 'Suspended' });
  await useHandlerEnvironment(dynamo, { ENABLED_RULES: 's3-bucket-versioning-enabled' });
});

describe('scheduled-scan handler', () => {
  it('sweeps, records and sends the baseline summary once', async () => {
    const first = await handler(scheduledEvent, lambdaContext());
    expect(first).toMatchObject({ status: 'swept', accountId: '123456789012', regions: ['eu-west-1'], findings: 2, byStatus: { PASS: 1, FAIL: 1 }, writes: 2 });
    const second = await handler(scheduledEvent, lambdaContext());
    expect(second).toMatchObject({ status: 'swept', writes: 0, transitions: 0 });
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
  });

  it('accepts a manual invocation narrowing the regions', async () => {
    await expect(handler({ regions: ['us-west-2'] }, lambdaContext())).resolves.toMatchObject({ regions: ['us-west-2'], byStatus: { NOT_APPLICABLE: 1 } });
  });

  it.each([
    ['regions not a list', { regions: 'eu-west-1' }],
    ['an invalid region', { regions: ['not a region'] }],
    ['an empty region list', { regions: [] }],
  ])('rejects %s without sweeping or throwing', async (_name, event) => {
    await expect(handler(event, lambdaContext())).resolves.toMatchObject({ status: 'rejected' });
    expect(s3).not.toHaveReceivedCommand(ListBucketsCommand);
  });

  it('fails loudly on a broken environment', async () => {
    process.env.RULE_PARAMS = '{not json';
    resetRuntime();
    await expect(handler(scheduledEvent, lambdaContext())).rejects.toThrow(/RULE_PARAMS: must be a JSON object/);
    process.env.RULE_PARAMS = '';
    process.env.ENABLED_RULES = 'no-such-rule';
    resetRuntime();
    await expect(handler(scheduledEvent, lambdaContext())).rejects.toThrow(/unknown rules: no-such-rule/);
  });
});
