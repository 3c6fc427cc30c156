/**
 * cloudtrailEvent's first S3 event, before and after: two builds of the function (zips written by
 * deploy/build-functions.mjs, e.g. main's and a branch's) and a probe of the third-party code that event
 * loads (its SDK clients, zod, Powertools logger and metrics, bundled alone with the functions' options),
 * each timed against an empty node in turn, round after round, so the machine's drift reaches all alike.
 * For each build, bench/first-event.ts finds the files the handler loads while it handles the event.
 *
 *   npx tsx bench/first-event-paired.ts <before.zip> <after.zip> [pairs=15]
 */
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { build } from 'esbuild';
import { esbuildOptions } from '../deploy/build-functions.mjs';
import { readZip, ROOT } from '../test/deploy/package.js';
import { importCode } from './bundles.js';
import { filesLoadedByFirstEvent } from './first-event.js';
import { median, round } from './support.js';

const ENTRY = 'src/handlers/cloudtrail-event.mjs';
const EVENT = 'test/fixtures/cloudtrail/s3-PutBucketVersioning.json';
const THIRD_PARTY = [
  "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
  "import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';",
  "import { S3Client, GetBucketVersioningCommand } from '@aws-sdk/client-s3';",
  "import * as z from 'zod';",
  "import { Logger } from '@aws-lambda-powertools/logger';",
  "import { Metrics } from '@aws-lambda-powertools/metrics';",
  'console.log(typeof DynamoDBClient, typeof DynamoDBDocumentClient, typeof S3Client,',
  '  typeof GetBucketVersioningCommand, typeof z.object, typeof Logger, typeof Metrics);',
].join('\n');

function wallMs(code: string, cwd: string): number {
  const t0 = performance.now();
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd, stdio: 'ignore', env: { ...process.env, NODE_OPTIONS: '' } });
  if (run.status !== 0) throw new Error(`node -e exited ${run.status}`);
  return performance.now() - t0;
}

async function extract(zip: string, dir: string): Promise<void> {
  for (const entry of await readZip(zip)) {
    await mkdir(dirname(join(dir, entry.name)), { recursive: true });
    await writeFile(join(dir, entry.name), entry.content());
  }
}

async function sizeKb(files: readonly string[]): Promise<number> {
  let bytes = 0;
  for (const file of files) bytes += (await readFile(file)).byteLength;
  return round(bytes / 1024, 1);
}

const [beforeZip, afterZip, pairsArg] = process.argv.slice(2);
if (!beforeZip || !afterZip) throw new Error('usage: npx tsx bench/first-event-paired.ts <before.zip> <after.zip> [pairs=15]');
const pairs = Number(pairsArg ?? 15);
const work = await mkdtemp(join(tmpdir(), 'preflight-first-event-paired-'));
const sides = new Map<string, string[]>();
for (const [name, zip] of [
  ['before', beforeZip],
  ['after', afterZip],
] as const) {
  const dir = join(work, name);
  await extract(resolve(zip), dir);
  sides.set(
    name,
    (await filesLoadedByFirstEvent(dir, ENTRY, EVENT)).map((file) => join(dir, file)),
  );
}
const probe = join(work, 'third-party.mjs');
await build({ ...esbuildOptions(), stdin: { contents: THIRD_PARTY, resolveDir: ROOT, loader: 'ts' }, outfile: probe, logLevel: 'silent' });
sides.set('thirdParty', [probe]);

const empty: number[] = [];
const loaded = new Map<string, number[]>([...sides.keys()].map((name) => [name, []]));
const overhead = new Map<string, number[]>([...sides.keys()].map((name) => [name, []]));
for (let i = 0; i < pairs; i += 1) {
  // Alternate which build goes first, so neither always follows the probe.
  const order = i % 2 ? ['before', 'after', 'thirdParty'] : ['after', 'before', 'thirdParty'];
  for (const name of order) {
    const e = wallMs('', work);
    const l = wallMs(importCode(sides.get(name) ?? []), work);
    empty.push(e);
    loaded.get(name)?.push(l);
    overhead.get(name)?.push(l - e);
  }
}
const report = {
  event: EVENT,
  pairs,
  emptyNodeMedianMs: round(median(empty), 1),
  sides: await Promise.all(
    [...sides].map(async ([name, files]) => ({
      name,
      files: files.length,
      kb: await sizeKb(files),
      medianMs: round(median(loaded.get(name) ?? []), 1),
      loadOverheadMs: round(median(overhead.get(name) ?? []), 1),
    })),
  ),
};
console.log(JSON.stringify(report, null, 2));
