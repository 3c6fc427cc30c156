import { GetBucketVersioningCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { GetParameterCommand, ParameterNotFound, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { handler } from '../../src/handlers/scheduled-scan.js';
import { ConfigError } from '#shared/core/errors.js';
import { resetRuntime, runtimeFor } from '#shared/continuous/runtime.js';
import { type LocalDynamo, startDynalite } from '../helpers/dynalite.js';
import { lambdaContext, useHandlerEnvironment } from '../helpers/lambda.js';
import { RULES } from '../../src/rules/index.js';

const s3 = mockClient(S3Client);
const sns = mockClient(SNSClient);
const sqs = mockClient(SQSClient);
const ssm = mockClient(SSMClient);
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
  sqs.reset();
  ssm.reset();
  sns.on(PublishCommand).resolves({ MessageId: 'm' });
  s3.on(ListBucketsCommand).resolves({
    Buckets: [
      { Name: 'a', BucketRegion: 'eu-west-1' },
      { Name: 'b', BucketRegion: 'eu-west-1' },
    ],
  });
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

describe('scheduled-scan handler with a configuration parameter (SSM)', () => {
  const NAME = '/preflight/config';
  beforeEach(async () => {
    await useHandlerEnvironment(dynamo, { ENABLED_RULES: '', SCAN_REGIONS: 'us-west-2', PREFLIGHT_CONFIG_PARAMETER: NAME });
  });

  it('sweeps the parameter’s rules in its regions, its suppressions applied in the store', async () => {
    ssm.on(GetParameterCommand, { Name: NAME, WithDecryption: true }).resolves({
      Parameter: {
        Name: NAME,
        Value: 'regions: [eu-west-1]\nenabledRules: [s3-bucket-versioning-enabled]\nsuppressions:\n  - {ruleId: "*", resourcePattern: b, reason: archive}\n',
      },
    });
    const summary = await handler(scheduledEvent, lambdaContext());
    expect(summary).toMatchObject({ status: 'swept', regions: ['eu-west-1'], findings: 2, byStatus: { PASS: 1, FAIL: 1 } });
    const { store } = (await runtimeFor(RULES)).deps;
    expect(await store.get('s3-bucket-versioning-enabled', 'arn:aws:s3:::b')).toMatchObject({ status: 'SUPPRESSED', evaluatedStatus: 'FAIL' });
    expect(ssm).toHaveReceivedCommandTimes(GetParameterCommand, 1);
  });

  it('fails the invocation with a ConfigError when the parameter cannot be read, sweeping nothing', async () => {
    ssm.on(GetParameterCommand).rejects(new ParameterNotFound({ message: 'not found', $metadata: {} }));
    const run = handler(scheduledEvent, lambdaContext());
    await expect(run).rejects.toBeInstanceOf(ConfigError);
    await expect(run).rejects.toThrow(`cannot read configuration parameter ${NAME}: it does not exist`);
    expect(s3).not.toHaveReceivedCommand(ListBucketsCommand);
  });
});

describe('scheduled-scan handler with member accounts (fan-out)', () => {
  const QUEUE = 'https://sqs.eu-west-1.amazonaws.com/123456789012/preflight-test-sweep-work';
  const FANOUT_ENV = ['MEMBER_ACCOUNTS', 'MEMBER_ROLE_NAME', 'EXTERNAL_ID', 'SWEEP_QUEUE_URL'];

  beforeEach(async () => {
    await useHandlerEnvironment(dynamo, {
      ENABLED_RULES: 's3-bucket-versioning-enabled',
      SCAN_REGIONS: 'eu-west-1,us-east-1',
      MEMBER_ACCOUNTS: '210987654321,111122223333',
      MEMBER_ROLE_NAME: 'PreflightAudit',
      SWEEP_QUEUE_URL: QUEUE,
    });
    sqs
      .on(SendMessageBatchCommand)
      .callsFake((input: { Entries: Array<{ Id: string }> }) => ({ Successful: input.Entries.map((e) => ({ Id: e.Id })), Failed: [] }));
  });
  afterEach(() => {
    for (const name of FANOUT_ENV) delete process.env[name];
    resetRuntime();
  });

  it('enqueues one work item per (account, region) and sweeps nothing itself', async () => {
    const summary = await handler(scheduledEvent, lambdaContext());
    expect(summary).toEqual({ status: 'enqueued', regions: ['eu-west-1', 'us-east-1'], accounts: ['210987654321', '111122223333'], workItems: 4 });
    expect(s3).not.toHaveReceivedCommand(ListBucketsCommand);
    expect(sqs).toHaveReceivedCommandTimes(SendMessageBatchCommand, 1);
    const entries = sqs.commandCalls(SendMessageBatchCommand)[0]!.args[0].input.Entries ?? [];
    expect(entries.map((e) => JSON.parse(e.MessageBody ?? '{}'))).toEqual([
      { accountId: '210987654321', region: 'eu-west-1', includeGlobal: true, regions: ['eu-west-1', 'us-east-1'], sweepId: scheduledEvent.time },
      { accountId: '210987654321', region: 'us-east-1', includeGlobal: false, regions: ['eu-west-1', 'us-east-1'], sweepId: scheduledEvent.time },
      { accountId: '111122223333', region: 'eu-west-1', includeGlobal: true, regions: ['eu-west-1', 'us-east-1'], sweepId: scheduledEvent.time },
      { accountId: '111122223333', region: 'us-east-1', includeGlobal: false, regions: ['eu-west-1', 'us-east-1'], sweepId: scheduledEvent.time },
    ]);
    expect(entries[0]).toMatchObject({ Id: 'i0' });
  });

  it('narrows a manual run to the regions it names', async () => {
    await expect(handler({ regions: ['us-west-2'] }, lambdaContext())).resolves.toMatchObject({ status: 'enqueued', regions: ['us-west-2'], workItems: 2 });
  });

  it('fails the invocation (so the schedule retries) when SQS keeps refusing items', async () => {
    sqs.on(SendMessageBatchCommand).callsFake((input: { Entries: Array<{ Id: string }> }) => ({
      Successful: [],
      Failed: input.Entries.map((e) => ({ Id: e.Id, Code: 'InternalError', SenderFault: false })),
    }));
    await expect(handler(scheduledEvent, lambdaContext())).rejects.toThrow(/could not enqueue 4 of 4 work items/);
  });

  it("adds the configuration parameter's accounts, each in its own regions when it names some", async () => {
    process.env.PREFLIGHT_CONFIG_PARAMETER = '/preflight/config';
    resetRuntime();
    ssm.on(GetParameterCommand).resolves({
      Parameter: { Value: 'accounts:\n  - {id: "333344445555", name: staging, regions: [ap-south-1]}\n  - {id: "210987654321"}\n' },
    });
    const summary = await handler(scheduledEvent, lambdaContext());
    expect(summary).toMatchObject({ status: 'enqueued', accounts: ['210987654321', '111122223333', '333344445555'], workItems: 5 });
    const entries = sqs.commandCalls(SendMessageBatchCommand).flatMap((c) => c.args[0].input.Entries ?? []);
    expect(entries.map((e) => JSON.parse(e.MessageBody ?? '{}') as { accountId: string; region: string })).toContainEqual(
      expect.objectContaining({ accountId: '333344445555', region: 'ap-south-1', includeGlobal: true }),
    );
    delete process.env.PREFLIGHT_CONFIG_PARAMETER;
  });

  it('fails loudly when member accounts are set without a queue', async () => {
    delete process.env.SWEEP_QUEUE_URL;
    await expect(handler(scheduledEvent, lambdaContext())).rejects.toThrow(/SWEEP_QUEUE_URL must name the work queue/);
  });
});
