import { GetBucketVersioningCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { handler, resetSweepWorker } from '../../src/handlers/sweep-worker.js';
import { resetRuntime, runtimeFor } from '#shared/continuous/runtime.js';
import { type LocalDynamo, startDynalite } from '../helpers/dynalite.js';
import { lambdaContext, useHandlerEnvironment } from '../helpers/lambda.js';
import { RULES } from '../../src/rules/index.js';

const s3 = mockClient(S3Client);
const sns = mockClient(SNSClient);
const sts = mockClient(STSClient);
const ssm = mockClient(SSMClient);
const OWN = '123456789012';
const MEMBER = '210987654321';
const DENIED = '111122223333';
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
  sts.reset();
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
  sts
    .on(AssumeRoleCommand)
    .resolves({ Credentials: { AccessKeyId: 'ASIAMEMBER', SecretAccessKey: 's', SessionToken: 't', Expiration: new Date(Date.now() + 3_600_000) } });
  sts
    .on(AssumeRoleCommand, { RoleArn: `arn:aws:iam::${DENIED}:role/PreflightAudit` })
    .rejects(Object.assign(new Error(`not authorized to perform: sts:AssumeRole on arn:aws:iam::${DENIED}:role/PreflightAudit`), { name: 'AccessDenied' }));
  await useHandlerEnvironment(dynamo, {
    ENABLED_RULES: 's3-bucket-versioning-enabled',
    MEMBER_ACCOUNTS: `${MEMBER},${DENIED},${OWN}`,
    MEMBER_ROLE_NAME: 'PreflightAudit',
    EXTERNAL_ID: 'org-7f3a',
    SWEEP_QUEUE_URL: `https://sqs.eu-west-1.amazonaws.com/${OWN}/preflight-test-sweep-work`,
  });
  resetSweepWorker();
});

afterAll(() => {
  for (const name of ['MEMBER_ACCOUNTS', 'MEMBER_ROLE_NAME', 'EXTERNAL_ID', 'SWEEP_QUEUE_URL', 'PREFLIGHT_CONFIG_PARAMETER']) delete process.env[name];
});

function record(id: string, body: unknown): SQSRecord {
  return {
    messageId: id,
    receiptHandle: `rh-${id}`,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: '1764000000000',
      SenderId: 'AIDAEXAMPLE',
      ApproximateFirstReceiveTimestamp: '1764000000001',
    },
    messageAttributes: {},
    md5OfBody: 'x',
    eventSource: 'aws:sqs',
    eventSourceARN: `arn:aws:sqs:eu-west-1:${OWN}:preflight-test-sweep-work`,
    awsRegion: 'eu-west-1',
  };
}

const item = (accountId: string, includeGlobal = true) => ({ accountId, region: 'eu-west-1', includeGlobal, sweepId: '2026-11-23T10:00:00Z' });

describe('sweep-worker handler', () => {
  it('sweeps each work item in its account’s role and reports only the failed records', async () => {
    const event: SQSEvent = {
      Records: [record('ok', item(MEMBER)), record('denied', item(DENIED)), record('garbage', '{"accountId":')],
    };

    const response = await handler(event, lambdaContext());

    expect(response.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(['denied', 'garbage']);
    expect(sts).toHaveReceivedCommandWith(AssumeRoleCommand, {
      RoleArn: `arn:aws:iam::${MEMBER}:role/PreflightAudit`,
      RoleSessionName: `preflight-sweep-${MEMBER}`,
      ExternalId: 'org-7f3a',
    });

    const { store } = (await runtimeFor(RULES)).deps;
    const member = await store.scopeFindings(MEMBER, 'eu-west-1', 's3-bucket-versioning-enabled');
    expect(member.map((f) => `${f.resourceName} ${f.status}`).sort()).toEqual(['a PASS', 'b FAIL']);
    expect(member.every((f) => f.accountId === MEMBER)).toBe(true);
    // Nothing recorded for the account whose role could not be assumed: it is retried, then dead-lettered.
    expect(await store.scopeFindings(DENIED, 'eu-west-1', 's3-bucket-versioning-enabled')).toHaveLength(0);
  });

  it('sweeps its own account with its own credentials', async () => {
    const response = await handler({ Records: [record('own', item(OWN))] }, lambdaContext());
    expect(response.batchItemFailures).toEqual([]);
    expect(sts).not.toHaveReceivedCommand(AssumeRoleCommand);
    const own = await (await runtimeFor(RULES)).deps.store.scopeFindings(OWN, 'eu-west-1', 's3-bucket-versioning-enabled');
    expect(own.map((f) => `${f.resourceName} ${f.status}`).sort()).toEqual(['a PASS', 'b FAIL']);
  });

  it('assumes a member role once per container, not once per work item', async () => {
    await handler({ Records: [record('1', item(MEMBER))] }, lambdaContext());
    await handler({ Records: [record('2', item(MEMBER, false))] }, lambdaContext());
    expect(sts).toHaveReceivedCommandTimes(AssumeRoleCommand, 1);
  });

  it('refuses a work item for an account that is not configured', async () => {
    const response = await handler({ Records: [record('stray', item('999999999999')), record('ok', item(MEMBER))] }, lambdaContext());
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'stray' }]);
    expect(sts).not.toHaveReceivedCommandWith(AssumeRoleCommand, { RoleArn: 'arn:aws:iam::999999999999:role/PreflightAudit' });
  });

  it("accepts the configuration parameter's accounts, and needs no queue URL of its own", async () => {
    const CONFIGURED = '333344445555';
    delete process.env.SWEEP_QUEUE_URL;
    process.env.PREFLIGHT_CONFIG_PARAMETER = '/preflight/config';
    resetRuntime();
    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: JSON.stringify({ accounts: [{ id: CONFIGURED, name: 'staging' }] }) } });
    // (One record: the mocked accounts share bucket names, which real S3 never does.)
    const response = await handler({ Records: [record('configured', item(CONFIGURED))] }, lambdaContext());
    expect(response.batchItemFailures).toEqual([]);
    expect(sts).toHaveReceivedCommandWith(AssumeRoleCommand, { RoleArn: `arn:aws:iam::${CONFIGURED}:role/PreflightAudit` });
    const { store } = (await runtimeFor(RULES)).deps;
    expect(await store.scopeFindings(CONFIGURED, 'eu-west-1', 's3-bucket-versioning-enabled')).toHaveLength(2);
    delete process.env.PREFLIGHT_CONFIG_PARAMETER;
  });

  it('fails the invocation when every record failed (the whole batch returns to the queue)', async () => {
    await expect(handler({ Records: [record('garbage', 'nope')] }, lambdaContext())).rejects.toThrow(/All records failed processing/);
  });
});
