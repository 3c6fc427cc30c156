/**
 * Item 5: cold start. Each function's zip as `osls package` writes it (deploy/build-functions.mjs: an
 * ESM entry and the chunks it reaches), the metafile of the same build to say which dependency costs
 * what, and the time to load it in a fresh node against an empty one, paired run by run:
 * - the entry: what Lambda imports before the handler runs (the entry and its static chunks);
 * - cloudtrailEvent's first S3 event: the entry plus every chunk the handler imports while it handles
 *   a recorded S3 CloudTrail event (bench/first-event.ts finds them by running it).
 */
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { esbuildOptions, functionsOf, OUT_DIR, reachableOutputs } from '../deploy/build-functions.mjs';
import { packageService, readZip, ROOT } from '../test/deploy/package.js';
import { BUDGETS_KB, ISSUE_TARGETS_KB } from './bundle-budgets.js';
import { filesLoadedByFirstEvent } from './first-event.js';
import { median, round } from './support.js';

const KB = 1024;
/** The issue's target for the load overhead of a function's first event. */
export const LOAD_TARGET_MS = 80;

function nodeRunMs(code: string, cwd: string): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd, stdio: 'ignore', env: { ...process.env, NODE_OPTIONS: '' } });
  if (r.status !== 0) throw new Error(`node -e ${code} exited ${r.status}`);
  return performance.now() - t0;
}

/** ESM code importing `files` in order (absolute paths). */
export function importCode(files: readonly string[]): string {
  return files.map((file) => `await import(${JSON.stringify(pathToFileURL(file).href)});`).join('\n');
}

/**
 * Importing `files` in a fresh node against an empty `node -e ""` (both ESM), interleaved run by run so
 * that the load of a shared machine drifts into both medians alike: the overhead is the median of the
 * paired differences.
 */
export function loadOverhead(files: readonly string[], runs: number, cwd: string): { medianMs: number; emptyMs: number; overheadMs: number } {
  const code = importCode(files);
  const loaded: number[] = [];
  const empty: number[] = [];
  const differences: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const e = nodeRunMs('', cwd);
    const l = nodeRunMs(code, cwd);
    empty.push(e);
    loaded.push(l);
    differences.push(l - e);
  }
  return { medianMs: median(loaded), emptyMs: median(empty), overheadMs: median(differences) };
}

function packageOf(path: string): string {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  return m?.[1] ?? (path.startsWith('src/') ? path.split('/').slice(0, 2).join('/') : path);
}

/** The outputs an `import` of `entry` loads before any `import()` runs. */
function staticOutputs(metafile: Metafile, entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const imported of metafile.outputs[file]?.imports ?? []) if (!imported.external && imported.kind === 'import-statement') visit(imported.path);
  };
  visit(entry);
  return [...seen];
}

function bytesOf(metafile: Metafile, outputs: readonly string[]): number {
  return outputs.reduce((n, file) => n + (metafile.outputs[file]?.bytes ?? 0), 0);
}

/** The heaviest packages of `outputs` (KB), from the metafile. */
function topPackages(metafile: Metafile, outputs: readonly string[], count = 8): Array<{ name: string; kb: number }> {
  const byPackage = new Map<string, number>();
  for (const file of outputs) {
    for (const [input, info] of Object.entries(metafile.outputs[file]?.inputs ?? {}))
      byPackage.set(packageOf(input), (byPackage.get(packageOf(input)) ?? 0) + info.bytesInOutput);
  }
  return [...byPackage]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, bytes]) => ({ name, kb: round(bytes / KB, 1) }));
}

/** What cloudtrailEvent's first S3 event loads, and what loading it costs. */
interface FirstEventFigure {
  function: string;
  event: string;
  files: string[];
  kb: number;
  loadOverheadMs: number;
  targetMs: number;
  topPackages: Array<{ name: string; kb: number }>;
}

/** Load cost of single dependencies, each bundled alone with the functions' options. */
const DEPENDENCY_PROBES: Record<string, string> = {
  '@aws-sdk/client-s3':
    "import { S3Client, GetBucketVersioningCommand } from '@aws-sdk/client-s3'; console.log(typeof S3Client, typeof GetBucketVersioningCommand);",
  '@aws-sdk/client-dynamodb + lib-dynamodb':
    "import { DynamoDBClient } from '@aws-sdk/client-dynamodb'; import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'; console.log(typeof DynamoDBClient, typeof DynamoDBDocumentClient);",
  '@aws-sdk/client-sns': "import { SNSClient, PublishCommand } from '@aws-sdk/client-sns'; console.log(typeof SNSClient, typeof PublishCommand);",
  // Every SDK client the first S3 event builds: the store and the rule's reader (SNS waits for an alert).
  'SDK of the first S3 event (DynamoDB + lib-dynamodb + S3)':
    "import { DynamoDBClient } from '@aws-sdk/client-dynamodb'; import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'; import { S3Client, GetBucketVersioningCommand } from '@aws-sdk/client-s3'; console.log(typeof DynamoDBClient, typeof DynamoDBDocumentClient, typeof S3Client, typeof GetBucketVersioningCommand);",
  'powertools logger+metrics':
    "import { Logger } from '@aws-lambda-powertools/logger'; import { Metrics } from '@aws-lambda-powertools/metrics'; console.log(typeof Logger, typeof Metrics);",
  'powertools tracer (X-Ray SDK)': "import { Tracer } from '@aws-lambda-powertools/tracer'; console.log(typeof Tracer);",
  yaml: "import { parse } from 'yaml'; console.log(typeof parse);",
  zod: "import * as z from 'zod'; console.log(typeof z.object);",
};

async function dependencyProbes(dir: string, runs: number) {
  const rows = [];
  for (const [name, contents] of Object.entries(DEPENDENCY_PROBES)) {
    const file = join(dir, `probe-${rows.length}.mjs`);
    await build({ ...esbuildOptions(), stdin: { contents, resolveDir: ROOT, loader: 'ts' }, outfile: file, logLevel: 'silent' });
    const bytes = (await readFile(file)).byteLength;
    rows.push({ dependency: name, kb: round(bytes / KB, 1), loadOverheadMs: round(loadOverhead([file], runs, dir).overheadMs, 1) });
  }
  return rows;
}

/** Writes every file of a zip under `dir`. */
async function extract(zipPath: string, dir: string): Promise<void> {
  for (const entry of await readZip(zipPath)) {
    await mkdir(dirname(join(dir, entry.name)), { recursive: true });
    await writeFile(join(dir, entry.name), entry.content());
  }
}

export async function measureBundles(options: { runs: number }) {
  const functions = await functionsOf();
  const packaged = await packageService();
  const dir = await mkdtemp(join(tmpdir(), 'preflight-bundles-'));
  const rows = [];
  const empties: number[] = [];
  let firstS3Event: FirstEventFigure | undefined;
  for (const fn of functions) {
    const zipPath = join(packaged.dir, `${fn.name}.zip`);
    const code = join(dir, fn.name);
    await extract(zipPath, code);
    // Written by the same build as the zip (deploy/build-functions.mjs), paths as in the zip.
    const metafile = JSON.parse(await readFile(join(ROOT, OUT_DIR, `${fn.name}.meta.json`), 'utf8')) as Metafile;
    const entry = `${fn.module}.mjs`;
    const atImport = staticOutputs(metafile, entry);
    const inZip = reachableOutputs(metafile, entry);
    const timing = loadOverhead([join(code, entry)], options.runs, dir);
    empties.push(timing.emptyMs);
    rows.push({
      function: fn.name,
      entryKb: round(bytesOf(metafile, [entry]) / KB, 1),
      loadedAtImportKb: round(bytesOf(metafile, atImport) / KB, 1),
      unzippedKb: round(bytesOf(metafile, inZip) / KB, 1),
      zippedKb: round((await readFile(zipPath)).byteLength / KB, 1),
      files: inZip.length,
      budgetKb: BUDGETS_KB[fn.name] ?? null,
      issueTargetKb: ISSUE_TARGETS_KB[fn.name] ?? null,
      importMedianMs: round(timing.medianMs, 1),
      importOverheadMs: round(timing.overheadMs, 1),
      topPackagesAtImport: topPackages(metafile, atImport),
    });
    if (fn.name === 'cloudtrailEvent') {
      const loaded = await filesLoadedByFirstEvent(code, entry, 'test/fixtures/cloudtrail/s3-PutBucketVersioning.json');
      const first = loadOverhead(
        loaded.map((file) => join(code, file)),
        options.runs,
        dir,
      );
      firstS3Event = {
        function: fn.name,
        event: 'test/fixtures/cloudtrail/s3-PutBucketVersioning.json',
        files: loaded,
        kb: round(bytesOf(metafile, loaded) / KB, 1),
        loadOverheadMs: round(first.overheadMs, 1),
        targetMs: LOAD_TARGET_MS,
        topPackages: topPackages(metafile, loaded),
      };
    }
  }
  return {
    source:
      'osls package (each function zip: ESM entry + the chunks it reaches, deploy/build-functions.mjs); the metafile of the same build for the attribution',
    /** Medians of the empty runs paired with each function: how much the machine drifted during the section. */
    emptyNodeMedianMs: empties.map((ms) => round(ms, 1)),
    runs: options.runs,
    functions: rows,
    firstS3Event,
    dependencies: await dependencyProbes(dir, options.runs),
  };
}
