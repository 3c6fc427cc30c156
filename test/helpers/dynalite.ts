/** A real DynamoDB API for integration tests: dynalite in-process on a free port, tables from table.json. */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DynamoDBClient, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { TABLE_DEFINITION } from '#shared/store/keys.js';

export interface LocalDynamo {
  endpoint: string;
  client: DynamoDBClient;
  /** Creates a fresh findings table (same definition as deployed) and returns its name. */
  createTable(): Promise<string>;
  stop(): Promise<void>;
}

export async function startDynalite(): Promise<LocalDynamo> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 3,
  });
  return {
    endpoint,
    client,
    async createTable() {
      const name = `findings-${randomUUID().slice(0, 8)}`;
      await client.send(new CreateTableCommand({ ...(TABLE_DEFINITION as object), TableName: name } as never));
      // dynalite answers CreateTable while the table is still CREATING (it flips to ACTIVE a tick later,
      // asynchronously): a request in between gets ResourceNotFoundException. Wait, as AWS clients do.
      await waitUntilTableExists({ client, maxWaitTime: 30, minDelay: 0.05, maxDelay: 0.2 }, { TableName: name });
      return name;
    },
    async stop() {
      client.destroy();
      await new Promise<void>((resolve, reject) => server.close((err?: Error) => (err ? reject(err) : resolve())));
    },
  };
}
