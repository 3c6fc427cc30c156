/**
 * Alerts as a subscriber receives them: an SQS queue subscribed to the alert topic in moto (raw message
 * delivery off, so each SQS message is SNS's JSON envelope), and a way to put many alerts in the
 * outbox at once (a burst) without creating as many resources.
 */
import { CreateTableCommand, type DynamoDBClient, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { CreateTopicCommand, type SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, DeleteMessageBatchCommand, GetQueueAttributesCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Finding } from '#shared/core/model.js';
import type { FindingsStore } from '#shared/store/findings-store.js';
import { TABLE_DEFINITION } from '#shared/store/keys.js';
import { DEFAULT_POLICY } from '#shared/store/transitions.js';

/** What an SQS subscriber of an SNS topic receives when raw message delivery is off. */
export interface SnsEnvelope {
  Type: string;
  MessageId: string;
  TopicArn: string;
  Subject?: string;
  Message: string;
  MessageAttributes?: Record<string, { Type: string; Value: string }>;
}

export interface Delivered {
  envelope: SnsEnvelope;
  /** Size of the SQS message body, the envelope, in bytes. */
  bytes: number;
}

/** The findings table, created in moto from the same definition the template deploys (table.json). */
export async function createFindingsTable(dynamodb: DynamoDBClient, name: string): Promise<string> {
  await dynamodb.send(new CreateTableCommand({ ...(TABLE_DEFINITION as object), TableName: name } as never));
  await waitUntilTableExists({ client: dynamodb, maxWaitTime: 30, minDelay: 0.1, maxDelay: 0.5 }, { TableName: name });
  return name;
}

/** A new queue subscribed to the topic, raw delivery off (each message is SNS's envelope); returns its URL. */
export async function subscribeQueue(sns: SNSClient, sqs: SQSClient, topicArn: string, queueName: string): Promise<string> {
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: queueName }));
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
  await sns.send(
    new SubscribeCommand({
      TopicArn: topicArn,
      Protocol: 'sqs',
      Endpoint: Attributes?.QueueArn,
      Attributes: { RawMessageDelivery: 'false' },
      ReturnSubscriptionArn: true,
    }),
  );
  if (!QueueUrl) throw new Error('moto returned no queue');
  return QueueUrl;
}

/** The alert topic with a queue subscribed to it, raw delivery off; returns both. */
export async function alertTopicWithQueue(sns: SNSClient, sqs: SQSClient, name: string): Promise<{ topicArn: string; queueUrl: string }> {
  const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: name }));
  if (!TopicArn) throw new Error('moto returned no topic');
  return { topicArn: TopicArn, queueUrl: await subscribeQueue(sns, sqs, TopicArn, `${name}-subscriber`) };
}

/**
 * Every message waiting in the queue, received and deleted, until the queue answers empty twice in a
 * row (moto delivers SNS → SQS synchronously, so nothing is in flight by then).
 */
export async function receiveAll(sqs: SQSClient, queueUrl: string): Promise<Delivered[]> {
  const delivered: Delivered[] = [];
  for (let empty = 0; empty < 2; ) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, VisibilityTimeout: 60 }),
    );
    if (Messages.length === 0) {
      empty += 1;
      continue;
    }
    empty = 0;
    for (const m of Messages) {
      const body = m.Body ?? '';
      delivered.push({ envelope: JSON.parse(body) as SnsEnvelope, bytes: Buffer.byteLength(body) });
    }
    await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: Messages.map((m, i) => ({ Id: `m${i}`, ReceiptHandle: m.ReceiptHandle })) }));
  }
  return delivered;
}

/** The `kind` message attribute of a delivered alert (REGRESSION, BASELINE...). */
export function kindOf(delivered: Delivered): string | undefined {
  return delivered.envelope.MessageAttributes?.kind?.Value;
}

export interface BurstOptions {
  accountId: string;
  region?: string;
  /** Default s3-bucket-versioning-enabled (HIGH). */
  ruleId?: string;
  severity?: Finding['severity'];
  /** Prefix of the synthetic resource names; default `burst`. */
  prefix?: string;
}

/**
 * Puts `count` regressions in the store's outbox, as if `count` resources had been seen PASS and then
 * FAIL after the account's baseline: the next drain (any handler invocation) publishes them. The
 * resources do not exist anywhere: only the store is written.
 */
export async function seedPendingAlerts(store: FindingsStore, count: number, options: BurstOptions): Promise<void> {
  const region = options.region ?? 'eu-west-1';
  const ruleId = options.ruleId ?? 's3-bucket-versioning-enabled';
  const prefix = options.prefix ?? 'burst';
  const finding = (i: number, status: 'PASS' | 'FAIL', at: Date): Finding => {
    const name = `${prefix}-${String(i).padStart(5, '0')}`;
    return {
      ruleId,
      resourceId: `arn:aws:s3:::${name}`,
      resourceName: name,
      resourceType: 'AWS::S3::Bucket',
      accountId: options.accountId,
      region,
      status,
      severity: options.severity ?? 'HIGH',
      reason: status === 'PASS' ? `versioning is Enabled on ${name}` : `versioning is Suspended on ${name}`,
      evidence: { status: status === 'PASS' ? 'Enabled' : 'Suspended' },
      evaluatedAt: at.toISOString(),
    };
  };
  const indices = Array.from({ length: count }, (_, i) => i);
  const before = new Date(Date.now() - 60_000);
  const after = new Date(before.getTime() + 1_000);
  const recordOptions = { mode: 'event' as const, policy: DEFAULT_POLICY, accountId: options.accountId };
  await store.record(
    indices.map((i) => finding(i, 'PASS', before)),
    { ...recordOptions, now: () => before },
  );
  const failed = await store.record(
    indices.map((i) => finding(i, 'FAIL', after)),
    { ...recordOptions, now: () => after },
  );
  if (failed.alerts !== count) throw new Error(`expected ${count} pending alerts, the store recorded ${failed.alerts}`);
}
