/**
 * The benchmark's DynamoDB: dynalite in a child process (its CPU is not ours), a client whose every
 * request is counted, and per-write capacity computed as DynamoDB bills it, indexes included.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { TABLE_DEFINITION } from '#shared/store/keys.js';

export interface DynamoServer {
  endpoint: string;
  /** dynalite's own CPU time so far (ms). */
  cpuMs(): Promise<number>;
  stop(): Promise<void>;
}

export async function startDynaliteProcess(): Promise<DynamoServer> {
  const child: ChildProcess = fork(fileURLToPath(new URL('./dynalite-child.mjs', import.meta.url)), [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('message', (m: { port?: number }) => (m.port ? resolve(m.port) : reject(new Error('dynalite did not start'))));
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    cpuMs: () =>
      new Promise((resolve) => {
        child.once('message', (m: { cpu: NodeJS.CpuUsage }) => resolve((m.cpu.user + m.cpu.system) / 1000));
        child.send('cpu');
      }),
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.send('stop');
      }),
  };
}

export function localClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 3 });
}

export async function createFindingsTable(client: DynamoDBClient): Promise<string> {
  const name = `bench-${randomUUID().slice(0, 8)}`;
  await client.send(new CreateTableCommand({ ...(TABLE_DEFINITION as object), TableName: name } as never));
  return name;
}

/** An item as the DocumentClient reads and writes it (plain values). */
type Item = Record<string, unknown>;

/** DynamoDB's item size: attribute names plus values (UTF-8 bytes; numbers ~1 byte per 2 digits + 1). */
export function itemSize(item: Item): number {
  let size = 0;
  for (const [name, value] of Object.entries(item)) {
    if (value !== undefined) size += Buffer.byteLength(name) + valueSize(value);
  }
  return size;
}

function valueSize(v: unknown): number {
  if (typeof v === 'string') return Buffer.byteLength(v);
  if (typeof v === 'number') return Math.ceil(String(v).replace(/^-|\.|e.*$/gi, '').length / 2) + 1;
  if (typeof v === 'boolean' || v === null) return 1;
  if (v instanceof Uint8Array) return v.byteLength;
  if (v instanceof Set) return [...v].reduce((n: number, e) => n + valueSize(e), 0);
  if (Array.isArray(v)) return 3 + v.reduce((n: number, e) => n + 1 + valueSize(e), 0);
  if (typeof v === 'object') return 3 + itemSize(v as Item) + Object.keys(v).length;
  return 0;
}

const kb = (bytes: number) => Math.max(1, Math.ceil(bytes / 1024));

interface Index {
  name: string;
  keys: string[];
}

const INDEXES: Index[] = (TABLE_DEFINITION.GlobalSecondaryIndexes ?? []).map((gsi) => ({
  name: gsi.IndexName,
  keys: gsi.KeySchema.map((k) => k.AttributeName),
}));

/**
 * Write units one write costs, as DynamoDB bills it: the table (larger of the item before and
 * after, per KB), and each index whose entry appears, changes or goes (every index projects ALL):
 * a changed index key is a delete plus a put. A failed conditional write still costs its table units.
 */
export function writeUnits(before: Item | undefined, after: Item | undefined, succeeded: boolean): { table: number; indexes: number } {
  const sizeBefore = before ? itemSize(before) : 0;
  const sizeAfter = after ? itemSize(after) : 0;
  const table = kb(Math.max(sizeBefore, sizeAfter));
  if (!succeeded) return { table, indexes: 0 };
  let indexes = 0;
  for (const index of INDEXES) {
    const inBefore = before !== undefined && index.keys.every((k) => before[k] !== undefined);
    const inAfter = after !== undefined && index.keys.every((k) => after[k] !== undefined);
    if (!inBefore && inAfter) indexes += kb(sizeAfter);
    else if (inBefore && !inAfter) indexes += kb(sizeBefore);
    else if (inBefore && inAfter) {
      const keyChanged = index.keys.some((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
      const changed = JSON.stringify(before) !== JSON.stringify(after);
      if (keyChanged) indexes += kb(sizeBefore) + kb(sizeAfter);
      else if (changed) indexes += kb(Math.max(sizeBefore, sizeAfter));
    }
  }
  return { table, indexes };
}

export interface DynamoMeter {
  requests: Record<string, number>;
  writes: number;
  failedConditionalWrites: number;
  wcuTable: number;
  wcuIndexes: number;
  /** Write units dynalite itself reported for the table (it does not count indexes). */
  wcuTableReportedByDynalite: number;
  rcu: number;
}

export function emptyMeter(): DynamoMeter {
  return { requests: {}, writes: 0, failedConditionalWrites: 0, wcuTable: 0, wcuIndexes: 0, wcuTableReportedByDynalite: 0, rcu: 0 };
}

const WRITES = new Set(['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand']);
const READS = new Set(['GetItemCommand', 'QueryCommand', 'ScanCommand']);

interface Args {
  input: Record<string, unknown>;
}

/**
 * Counts every request of `client` into `meter()` (swap the meter between phases). For writes it
 * reads the item before and after through `probe` (uncounted) to price the index writes. The store
 * sends DocumentClient commands: inputs here are plain values, marshalled later.
 */
export function meterClient(client: DynamoDBClient, probeClient: DynamoDBClient, meter: () => DynamoMeter): void {
  const probe = DynamoDBDocumentClient.from(probeClient);
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const m = meter();
      const command = context.commandName ?? 'unknown';
      m.requests[command] = (m.requests[command] ?? 0) + 1;
      const input = (args as Args).input;
      if (READS.has(command)) input.ReturnConsumedCapacity = 'TOTAL';
      if (!WRITES.has(command)) {
        const out = await next(args);
        const consumed = (out.output as { ConsumedCapacity?: { CapacityUnits?: number } }).ConsumedCapacity;
        m.rcu += consumed?.CapacityUnits ?? 0;
        return out;
      }
      input.ReturnConsumedCapacity = 'TOTAL';
      const tableName = input.TableName as string;
      const key = (input.Key as Record<string, unknown> | undefined) ?? pick(input.Item as Record<string, unknown>, ['pk', 'sk']);
      const read = async (): Promise<Item | undefined> => (await probe.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }))).Item;
      const before = await read();
      m.writes += 1;
      try {
        const out = await next(args);
        const consumed = (out.output as { ConsumedCapacity?: { CapacityUnits?: number } }).ConsumedCapacity;
        m.wcuTableReportedByDynalite += consumed?.CapacityUnits ?? 0;
        const units = writeUnits(before, await read(), true);
        m.wcuTable += units.table;
        m.wcuIndexes += units.indexes;
        return out;
      } catch (error) {
        if ((error as { name?: string }).name === 'ConditionalCheckFailedException') {
          m.failedConditionalWrites += 1;
          m.wcuTable += writeUnits(before, before, false).table;
        }
        throw error;
      }
    },
    { step: 'serialize', priority: 'high', name: 'benchMeter' },
  );
}

function pick(item: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => item[k] !== undefined).map((k) => [k, item[k]]));
}

/** Counts requests by command only (no extra reads): for timing runs. */
export function countRequests(client: DynamoDBClient, counts: Record<string, number>): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = context.commandName ?? 'unknown';
      counts[command] = (counts[command] ?? 0) + 1;
      return next(args);
    },
    { step: 'initialize', name: 'benchCount' },
  );
}

/** What the Query calls a client sent cost since the last reset: calls, index items read, read units. */
export interface QueryTally {
  queries: number;
  scanned: number;
  readUnits: number;
  reset(): void;
}

/** Counts every Query `client` sends, asking DynamoDB (ReturnConsumedCapacity) what each one consumed. */
export function tallyQueries(client: DynamoDBClient): QueryTally {
  const tally: QueryTally = {
    queries: 0,
    scanned: 0,
    readUnits: 0,
    reset() {
      Object.assign(tally, { queries: 0, scanned: 0, readUnits: 0 });
    },
  };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== 'QueryCommand' && context.commandName !== 'ScanCommand') return next(args);
      (args.input as { ReturnConsumedCapacity?: string }).ReturnConsumedCapacity = 'TOTAL';
      const result = await next(args);
      const out = result.output as { ScannedCount?: number; ConsumedCapacity?: { CapacityUnits?: number } };
      tally.queries += 1;
      tally.scanned += out.ScannedCount ?? 0;
      tally.readUnits += out.ConsumedCapacity?.CapacityUnits ?? 0;
      return result;
    },
    { step: 'initialize', name: 'tallyQueries' },
  );
  return tally;
}
