/**
 * dynalite in a child process: the soak's store traffic (tens of thousands of requests) then runs on
 * the second core instead of competing with the code under test for the test worker's one thread.
 * Same interface as test/helpers/dynalite.ts.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { createServer, type AddressInfo } from 'node:net';
import { CreateTableCommand, DynamoDBClient, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { TABLE_DEFINITION } from '#shared/store/keys.js';
import type { LocalDynamo } from '../../helpers/dynalite.js';

/** A port free right now (dynalite's CLI reads `--port 0` as its default, 4567). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export async function startDynaliteProcess(): Promise<LocalDynamo> {
  const cli = createRequire(import.meta.url).resolve('dynalite/cli.js');
  const child: ChildProcess = spawn(
    process.execPath,
    [cli, '--host', '127.0.0.1', '--port', String(await freePort()), '--createTableMs', '0', '--deleteTableMs', '0', '--updateTableMs', '0'],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`dynalite exited with ${code}`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening at: http:\/\/[^:]+:(\d+)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({ endpoint, region: 'eu-west-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 3 });
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
      child.removeAllListeners('exit');
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
    },
  };
}
