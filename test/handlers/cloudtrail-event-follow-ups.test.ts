import { readFileSync } from 'node:fs';
import { DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { handler } from '../../src/handlers/cloudtrail-event.js';
import { FollowUpScheduleError } from '#shared/follow-ups/follow-ups.js';
import { type LocalDynamo, startDynalite } from '../helpers/dynalite.js';
import { lambdaContext, useHandlerEnvironment } from '../helpers/lambda.js';

const rds = mockClient(RDSClient);
const sns = mockClient(SNSClient);
const sqs = mockClient(SQSClient);
const OWN = '123456789012';
const QUEUE_URL = `https://sqs.eu-west-1.amazonaws.com/${OWN}/preflight-test-follow-ups`;
let dynamo: LocalDynamo;

beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(async () => {
  await dynamo.stop();
  delete process.env.FOLLOW_UP_QUEUE_URL;
});

beforeEach(async () => {
  for (const mock of [rds, sns, sqs]) mock.reset();
  sns.on(PublishCommand).resolves({ MessageId: 'm' });
  rds.on(DescribeDBInstancesCommand).resolves({
    DBInstances: [
      {
        DBInstanceIdentifier: 'analytics-db',
        DBInstanceArn: `arn:aws:rds:eu-west-1:${OWN}:db:analytics-db`,
        Engine: 'postgres',
        DBInstanceStatus: 'modifying',
        BackupRetentionPeriod: 7,
        PendingModifiedValues: {},
      },
    ],
  });
  await useHandlerEnvironment(dynamo, { ENABLED_RULES: 'rds-backup-retention', FOLLOW_UP_QUEUE_URL: QUEUE_URL });
});

/** The recorded ModifyDBInstance (backup retention of analytics-db), as EventBridge delivers it. */
const event = () => JSON.parse(readFileSync(new URL('../fixtures/cloudtrail/rds-ModifyDBInstance.json', import.meta.url), 'utf8')) as unknown;

describe('cloudtrail-event handler with follow-ups', () => {
  it('enqueues the first step of one chain +2 min after a call whose effect settles later, once for duplicate deliveries', async () => {
    sqs.on(SendMessageCommand).resolves({ MessageId: 'q' });
    await expect(handler(event(), lambdaContext())).resolves.toMatchObject({ action: 'evaluated', findings: 1 });
    await expect(handler(event(), lambdaContext())).resolves.toMatchObject({ action: 'evaluated' });
    const sends = sqs.commandCalls(SendMessageCommand).map((c) => c.args[0].input);
    expect(sends).toHaveLength(1);
    expect(sends[0]).toMatchObject({ QueueUrl: QUEUE_URL, DelaySeconds: 120 });
    expect(JSON.parse(sends[0]!.MessageBody ?? '{}')).toMatchObject({ v: 1, accountId: OWN, region: 'eu-west-1', ruleId: 'rds-backup-retention', step: 0 });
  });

  it('fails the invocation when the chain cannot be enqueued, so Lambda retries the event and the retry starts it', async () => {
    sqs
      .on(SendMessageCommand)
      .rejectsOnce(Object.assign(new Error('Service unavailable'), { name: 'ServiceUnavailable' }))
      .resolves({ MessageId: 'q' });
    await expect(handler(event(), lambdaContext())).rejects.toBeInstanceOf(FollowUpScheduleError);
    await expect(handler(event(), lambdaContext())).resolves.toMatchObject({ action: 'evaluated' });
    expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(2);
  });
});
