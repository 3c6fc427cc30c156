/**
 * Item 5: cold start. Bundle sizes as `osls package` writes them (the deployed artifact), the same
 * bundles rebuilt with esbuild's metafile to say which dependency costs what, and the time to
 * `require` each bundle in a fresh node (median of N) against an empty `node -e ""`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { build, type BuildOptions, type Plugin } from 'esbuild';
import YAML from 'yaml';
import { packageService, readZip, ROOT } from '../test/deploy/package.js';
import { BUDGETS_KB, ISSUE_TARGETS_KB } from './bundle-budgets.js';
import { median, round } from './support.js';

const require = createRequire(import.meta.url);

interface Serverless {
  custom: { esbuild: Record<string, unknown> };
  functions: Record<string, { handler: string }>;
}

async function serverlessConfig(): Promise<Serverless> {
  // CloudFormation tags (!Ref, !GetAtt) are irrelevant here: parse them as plain values.
  return YAML.parse(await readFile(join(ROOT, 'serverless.yml'), 'utf8'), { logLevel: 'silent' }) as Serverless;
}

/** The functions of serverless.yml and their entry files. */
export async function functionsOf(): Promise<Array<{ name: string; entry: string }>> {
  const config = await serverlessConfig();
  return Object.entries(config.functions).map(([name, fn]) => ({ name, entry: `${fn.handler.replace(/\.[^.]+$/, '')}.ts` }));
}

/** serverless-esbuild's options from serverless.yml, as esbuild options. */
async function esbuildOptions(): Promise<BuildOptions> {
  const o = (await serverlessConfig()).custom.esbuild;
  return {
    bundle: o.bundle === true,
    minify: o.minify === true,
    keepNames: o.keepNames === true,
    sourcemap: o.sourcemap === true,
    target: String(o.target),
    platform: 'node',
    format: 'cjs',
    mainFields: Array.isArray(o.mainFields) ? o.mainFields.map(String) : undefined,
    external: Array.isArray(o.external) ? o.external.map(String) : [],
    // serverless-esbuild's `plugins`: a file exporting the plugin array.
    plugins: typeof o.plugins === 'string' ? (require(join(ROOT, o.plugins)) as Plugin[]) : [],
  };
}

function packageOf(path: string): string {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  return m?.[1] ?? (path.startsWith('src/') ? path.split('/').slice(0, 2).join('/') : path);
}

async function metafileBuild(entry: string) {
  const options = await esbuildOptions();
  const result = await build({ ...options, entryPoints: [join(ROOT, entry)], write: false, metafile: true, outfile: join(tmpdir(), 'bench-bundle.cjs'), logLevel: 'silent', absWorkingDir: ROOT });
  const output = Object.values(result.metafile.outputs)[0];
  const byPackage = new Map<string, number>();
  for (const [file, info] of Object.entries(output?.inputs ?? {})) byPackage.set(packageOf(file), (byPackage.get(packageOf(file)) ?? 0) + info.bytesInOutput);
  return { bytes: output?.bytes ?? 0, byPackage };
}

function nodeRunMs(code: string, cwd: string): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['-e', code], { cwd, stdio: 'ignore', env: { ...process.env, NODE_OPTIONS: '' } });
  if (r.status !== 0) throw new Error(`node -e ${code} exited ${r.status}`);
  return performance.now() - t0;
}

/**
 * `require(file)` in a fresh node against an empty `node -e ""`, interleaved run by run so that the
 * load of a shared machine drifts into both medians alike: the overhead is the median of the paired
 * differences.
 */
function requireOverhead(file: string, runs: number, cwd: string): { medianMs: number; emptyMs: number; overheadMs: number } {
  const loaded: number[] = [];
  const empty: number[] = [];
  const differences: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const e = nodeRunMs('', cwd);
    const l = nodeRunMs(`require(${JSON.stringify(file)})`, cwd);
    empty.push(e);
    loaded.push(l);
    differences.push(l - e);
  }
  return { medianMs: median(loaded), emptyMs: median(empty), overheadMs: median(differences) };
}

const KB = 1024;

/** Require cost of single dependencies, each bundled alone with the same options. */
const DEPENDENCY_PROBES: Record<string, string> = {
  'zod (import { z })': "import { z } from 'zod'; console.log(typeof z.object);",
  'zod (import * as z)': "import * as z from 'zod'; console.log(typeof z.object);",
  '@aws-sdk/client-ec2': "import { EC2Client, DescribeSecurityGroupsCommand } from '@aws-sdk/client-ec2'; console.log(typeof EC2Client, typeof DescribeSecurityGroupsCommand);",
  '@aws-sdk/client-s3': "import { S3Client, GetBucketVersioningCommand } from '@aws-sdk/client-s3'; console.log(typeof S3Client, typeof GetBucketVersioningCommand);",
  '@aws-sdk/client-dynamodb + lib-dynamodb': "import { DynamoDBClient } from '@aws-sdk/client-dynamodb'; import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'; console.log(typeof DynamoDBClient, typeof DynamoDBDocumentClient);",
  'powertools logger+metrics+tracer': "import { Logger } from '@aws-lambda-powertools/logger'; import { Metrics } from '@aws-lambda-powertools/metrics'; import { Tracer } from '@aws-lambda-powertools/tracer'; console.log(typeof Logger, typeof Metrics, typeof Tracer);",
};

async function dependencyProbes(dir: string, runs: number) {
  const rows = [];
  for (const [name, contents] of Object.entries(DEPENDENCY_PROBES)) {
    const file = join(dir, `probe-${rows.length}.cjs`);
    await build({ ...(await esbuildOptions()), stdin: { contents, resolveDir: ROOT, loader: 'ts' }, outfile: file, logLevel: 'silent' });
    const bytes = (await readFile(file)).byteLength;
    rows.push({ dependency: name, kb: round(bytes / KB, 1), requireOverheadMs: round(requireOverhead(file, runs, dir).overheadMs, 1) });
  }
  return rows;
}

export async function measureBundles(options: { requireRuns: number }) {
  const functions = await functionsOf();
  const packaged = await packageService();
  const dir = await mkdtemp(join(tmpdir(), 'preflight-bundles-'));
  const rows = [];
  const empties: number[] = [];
  for (const fn of functions) {
    const file = join(dir, `${fn.name}.cjs`);
    const meta = await metafileBuild(fn.entry);
    const zipPath = join(packaged.dir, `${fn.name}.zip`);
    const code = (await readZip(zipPath)).find((e) => e.name.endsWith('.cjs') || e.name.endsWith('.js'));
    if (!code) throw new Error(`${fn.name}.zip holds no bundle`);
    await writeFile(file, code.content());
    const size = code.size;
    const zipped = (await readFile(zipPath)).byteLength;
    const timing = requireOverhead(file, options.requireRuns, dir);
    empties.push(timing.emptyMs);
    const top = [...meta.byPackage].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([name, bytes]) => ({ name, kb: round(bytes / KB, 1) }));
    rows.push({
      function: fn.name,
      unzippedKb: round(size / KB, 1),
      zippedKb: round(zipped / KB, 1),
      esbuildKb: round(meta.bytes / KB, 1),
      budgetKb: BUDGETS_KB[fn.name] ?? null,
      issueTargetKb: ISSUE_TARGETS_KB[fn.name] ?? null,
      requireMedianMs: round(timing.medianMs, 1),
      requireOverheadMs: round(timing.overheadMs, 1),
      topPackages: top,
    });
  }
  return {
    source: 'osls package (unzipped bundle of each function); esbuild with serverless.yml custom.esbuild options for the attribution',
    /** Medians of the empty runs paired with each function: how much the machine drifted during the section. */
    emptyNodeMedianMs: empties.map((ms) => round(ms, 1)),
    requireRuns: options.requireRuns,
    functions: rows,
    dependencies: await dependencyProbes(dir, options.requireRuns),
  };
}
