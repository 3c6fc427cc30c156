import { DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { handler, resetFollowUp } from '../../src/handlers/follow-up.js';
import { FollowUpChains } from '#shared/follow-ups/chains.js';
import type { FollowUpMessage } from '#shared/follow-ups/messages.js';
import { runtimeFor } from '#shared/continuous/runtime.js';
import { type LocalDynamo, startDynalite } from '../helpers/dynalite.js';
import { lambdaContext, useHandlerEnvironment } from '../helpers/lambda.js';
import { RULES } from '../../src/rules/index.js';

const rds = mockClient(RDSClient);
const sns = mockClient(SNSClient);
const sqs = mockClient(SQSClient);
const sts = mockClient(STSClient);
const OWN = '123456789012';
const STRANGER = '999988887777';
const QUEUE_URL = `https://sqs.eu-west-1.amazonaws.com/${OWN}/preflight-test-follow-ups`;
const ARN = `arn:aws:rds:eu-west-1:${OWN}:db:analytics-db`;
let dynamo: LocalDynamo;

beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(async () => {
  await dynamo.stop();
  for (const name of ['FOLLOW_UP_QUEUE_URL', 'MEMBER_ACCOUNTS', 'MEMBER_ROLE_NAME']) delete process.env[name];
});

beforeEach(async () => {
  for (const mock of [rds, sns, sqs, sts]) mock.reset();
  sns.on(PublishCommand).resolves({ MessageId: 'm' });
  sqs.on(SendMessageCommand).resolves({ MessageId: 'q' });
  rds.on(DescribeDBInstancesCommand).resolves({
    DBInstances: [
      {
        DBInstanceIdentifier: 'analytics-db',
        DBInstanceArn: ARN,
        Engine: 'postgres',
        DBInstanceStatus: 'modifying',
        MultiAZ: false,
        PendingModifiedValues: { MultiAZ: true },
      },
    ],
  });
  await useHandlerEnvironment(dynamo, {
    ENABLED_RULES: 'rds-multi-az',
    FOLLOW_UP_QUEUE_URL: QUEUE_URL,
    MEMBER_ACCOUNTS: '',
    MEMBER_ROLE_NAME: 'PreflightAudit',
  });
  resetFollowUp();
});

function record(id: string, body: unknown): SQSRecord {
  return {
    messageId: id,
    receiptHandle: `rh-${id}`,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    attributes: { ApproximateReceiveCount: '1', SentTimestamp: '1764000000000', SenderId: 'AIDAEXAMPLE', ApproximateFirstReceiveTimestamp: '1764000000001' },
    messageAttributes: {},
    md5OfBody: 'x',
    eventSource: 'aws:sqs',
    eventSourceARN: `arn:aws:sqs:eu-west-1:${OWN}:preflight-test-follow-ups`,
    awsRegion: 'eu-west-1',
  };
}

const batch = (...records: SQSRecord[]): SQSEvent => ({ Records: records });

function message(overrides: Partial<FollowUpMessage> = {}): FollowUpMessage {
  return {
    v: 1,
    accountId: OWN,
    region: 'eu-west-1',
    ruleId: 'rds-multi-az',
    resourceName: ARN,
    chainId: '0d9a2c4e-8f1b-4c3a-9e2d-7b6a5c4d3e2f',
    step: 0,
    dueAt: new Date(Date.now() - 1000).toISOString(),
    ...overrides,
  };
}

/** Starts the chain a message belongs to, as cloudtrailEvent would. */
async function startChain(m: FollowUpMessage): Promise<void> {
  const { deps } = await runtimeFor(RULES);
  const now = new Date();
  const key = { accountId: m.accountId, region: m.region, ruleId: m.ruleId, resourceName: m.resourceName };
  await new FollowUpChains(deps.store.doc, deps.store.tableName).start(key, m.chainId, now, new Date(now.getTime() + 3_600_000));
}

describe('follow-up handler', () => {
  it('reports malformed and forged messages as batch item failures, and runs the good one of the batch', async () => {
    const good = message();
    await startChain(good);
    const bad = [
      record('not-json', '{"v":1,'),
      record('wrong-shape', { hello: 'world' }),
      record('extra-field', { ...message(), step: 0, queueUrl: 'https://attacker.example' }),
      record('bad-account', message({ accountId: '12345' })),
      record('step-out-of-bounds', message({ step: 3 })),
      record('huge-name', message({ resourceName: `arn:aws:rds:eu-west-1:${OWN}:db:${'x'.repeat(800)}` })),
      record('far-future', message({ dueAt: new Date(Date.now() + 24 * 3_600_000).toISOString() })),
    ];
    const out = await handler(batch(...bad, record('good', good)), lambdaContext());
    expect(out.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(bad.map((r) => r.messageId));
    // The good step evaluated (still modifying) and enqueued step 1; nothing else was sent.
    expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(1);
    const next = JSON.parse(sqs.commandCalls(SendMessageCommand)[0]!.args[0].input.MessageBody ?? '{}') as FollowUpMessage;
    expect(next).toMatchObject({ step: 1, chainId: good.chainId, resourceName: ARN });
    const { QueueUrl, DelaySeconds } = sqs.commandCalls(SendMessageCommand)[0]!.args[0].input;
    expect(QueueUrl).toBe(QUEUE_URL);
    // Step 1 is due 8 minutes after step 0 (due a second ago).
    expect(DelaySeconds).toBeGreaterThanOrEqual(470);
    expect(DelaySeconds).toBeLessThanOrEqual(479);
  });

  it('re-enqueues an early step with the rest of its delay, without reading AWS', async () => {
    const early = message({ dueAt: new Date(Date.now() + 20 * 60_000).toISOString() });
    const out = await handler(batch(record('early', early)), lambdaContext());
    expect(out.batchItemFailures).toEqual([]);
    expect(rds.commandCalls(DescribeDBInstancesCommand)).toHaveLength(0);
    const input = sqs.commandCalls(SendMessageCommand)[0]!.args[0].input;
    expect(input.DelaySeconds).toBe(900);
    expect(JSON.parse(input.MessageBody ?? '{}')).toEqual(early);
  });

  it('drops a step no chain expects (a forged or stale message) without reading AWS', async () => {
    const out = await handler(batch(record('stray', message())), lambdaContext());
    expect(out.batchItemFailures).toEqual([]);
    expect(rds.commandCalls(DescribeDBInstancesCommand)).toHaveLength(0);
    expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(0);
  });

  it('never reads another account with its own credentials: an account that is no member fails the step', async () => {
    const stranger = message({ accountId: STRANGER, resourceName: `arn:aws:rds:eu-west-1:${STRANGER}:db:analytics-db` });
    await startChain(stranger);
    // A batch whose every record failed is thrown whole (Powertools): SQS retries it, then dead-letters it.
    await expect(handler(batch(record('stranger', stranger)), lambdaContext())).rejects.toThrow(/All records failed/);
    expect(rds.commandCalls(DescribeDBInstancesCommand)).toHaveLength(0);
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(0);
  });
});
