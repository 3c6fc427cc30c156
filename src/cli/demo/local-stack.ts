/**
 * The demo's stand-ins for AWS services, all in this process: dynalite for DynamoDB (the real findings
 * store runs on it) and a publisher that keeps the SNS Publish requests instead of sending them.
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { CreateTableCommand, type CreateTableCommandInput, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { PublishCommandInput } from '@aws-sdk/client-sns';
import dynalite from 'dynalite';
import type { AlertMessage } from '#shared/alerts/messages.js';
import { type AlertPublisher, publishInput } from '#shared/alerts/notifier.js';
import { FindingsStore } from '#shared/store/findings-store.js';
import { TABLE_DEFINITION } from '#shared/store/keys.js';

export const DEMO_TOPIC_ARN = 'arn:aws:sns:eu-west-1:123456789012:preflight-alerts';

/** Keeps every Publish request exactly as it would be sent to SNS. */
export class CapturingPublisher implements AlertPublisher {
  readonly sent: PublishCommandInput[] = [];

  async publish(message: AlertMessage): Promise<void> {
    this.sent.push(publishInput(DEMO_TOPIC_ARN, message));
  }
}

export interface LocalStack {
  store: FindingsStore;
  endpoint: string;
  close(): Promise<void>;
}

/** dynalite on a free loopback port with the findings table created from the deployed definition. */
export async function startLocalStack(): Promise<LocalStack> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = new DynamoDBClient({ endpoint, region: 'eu-west-1', credentials: { accessKeyId: 'demo', secretAccessKey: 'demo' } });
  const tableName = `preflight-demo-${randomUUID().slice(0, 8)}`;
  await client.send(new CreateTableCommand({ ...(TABLE_DEFINITION as Omit<CreateTableCommandInput, 'TableName'>), TableName: tableName }));
  return {
    store: new FindingsStore(client, tableName),
    endpoint,
    async close() {
      client.destroy();
      await new Promise<void>((resolve, reject) => server.close((error?: Error) => (error ? reject(error) : resolve())));
    },
  };
}
