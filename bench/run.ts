/**
 * `npm run bench`: every figure of docs/performance.md, measured on this machine, printed as one JSON
 * report and a short table. Options:
 *   --only sweep,throttling,writes,events,coldstart,fanout,cli   run some sections only
 *   --latency <ms>          per-call latency of the synthetic account (default 25)
 *   --serial-latency <ms>   latency of the concurrency-1 comparison (default 25; lower is faster to run)
 *   --out <file>            also write the JSON report there
 */
import { execSync, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import { FindingsStore } from '#shared/store/findings-store.js';
import { measureBundles } from './bundles.js';
import { measureCliStartup } from './cli-startup.js';
import { countRequests, createFindingsTable, localClient, startDynaliteProcess } from './dynamo.js';
import { measureEventPath } from './event-path.js';
import { measureFanout } from './fanout.js';
import { PRICES } from './prices.js';
import { measureSweep, summarizeSweep } from './sweep.js';
import { describeAccount, ISSUE_SHAPE, scaledShape, syntheticAccount } from './synthetic-account.js';
import { ACCOUNT_ID, round } from './support.js';
import { measureThrottling } from './throttling.js';
import { benchDeps, costPerMonth, CountingPublisher, measureWriteCost } from './write-cost.js';
import { runSweep } from '#shared/continuous/orchestration.js';
import { type BenchReport, renderTable } from './table.js';

const SECTIONS = ['sweep', 'throttling', 'writes', 'events', 'coldstart', 'fanout', 'cli'] as const;
type Section = (typeof SECTIONS)[number];

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const only = new Set((option('only') ?? SECTIONS.join(',')).split(',') as Section[]);
const LATENCY = Number(option('latency') ?? 25);
const SERIAL_LATENCY = Number(option('serial-latency') ?? 25);
const REGION = ['us-east-1'];
const FOUR_REGIONS = ['us-east-1', 'eu-west-1', 'us-west-2', 'ap-southeast-1'];

function log(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

interface SerialResult {
  wallMs: number;
  cpuMs: number;
  calls: number;
  findings: number;
}

/** Starts the concurrency-1 sweep in a child process; resolves with its measurement. */
function startSerialSweep(latencyMs: number, regions: readonly string[]): Promise<SerialResult> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(new URL('./serial-child.ts', import.meta.url)), [String(latencyMs), regions.join(',')], {
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    let result: SerialResult | undefined;
    child.on('message', (m: SerialResult) => {
      result = m;
    });
    child.once('error', reject);
    child.once('exit', (code) => (result ? resolve(result) : reject(new Error(`the concurrency-1 sweep exited with ${code}`))));
  });
}

function commit(): string {
  try {
    return execSync('git rev-parse --short HEAD', { stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  } catch {
    // Not a git checkout (a tarball): the report just says so.
    return 'unknown';
  }
}

async function main() {
  const benchStarted = performance.now();
  const report: BenchReport = {
    meta: {
      date: new Date().toISOString(),
      commit: commit(),
      node: process.version,
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      latencyMs: LATENCY,
      account: describeAccount(syntheticAccount(ACCOUNT_ID, REGION)),
    },
  };
  let lambdaSweepSeconds = 0;

  let clean: Awaited<ReturnType<typeof measureSweep>> | undefined;
  if (only.has('sweep') || only.has('throttling')) {
    log(`1. sweep of the synthetic account at ${LATENCY} ms per call`);
    clean = await measureSweep({ account: syntheticAccount(ACCOUNT_ID, REGION), regions: REGION, latencyMs: LATENCY });
    lambdaSweepSeconds = clean.wallMs / 1000;
  }
  // The concurrency-1 sweep waits on timers for minutes: it runs in a child process beside the other
  // latency-bound sections (engine before/after, throttling, fan-out), not beside CPU-bound ones.
  const serialRun = only.has('sweep') ? startSerialSweep(SERIAL_LATENCY, REGION) : undefined;
  if (only.has('sweep')) log(`1. the same sweep at concurrency 1 (every limiter and the engine), ${SERIAL_LATENCY} ms per call, in the background`);

  let engineBeforeAfter: NonNullable<BenchReport['sweep']>['engineBeforeAfter'] | undefined;
  if (only.has('sweep')) {
    log('1. engine before/after: 4 regions with the former evaluation cap of 32, then without');
    const capped = await measureSweep({
      account: syntheticAccount(ACCOUNT_ID, FOUR_REGIONS),
      regions: FOUR_REGIONS,
      latencyMs: LATENCY,
      evaluationConcurrency: 32,
    });
    const uncapped = await measureSweep({ account: syntheticAccount(ACCOUNT_ID, FOUR_REGIONS), regions: FOUR_REGIONS, latencyMs: LATENCY });
    engineBeforeAfter = {
      regions: FOUR_REGIONS,
      evaluationCap32WallMs: round(capped.wallMs, 0),
      uncappedWallMs: round(uncapped.wallMs, 0),
      speedup: round(capped.wallMs / uncapped.wallMs, 2),
      busiestLimiterMs: round(uncapped.busiestLimiterMs, 0),
      idealMs: round(uncapped.idealMs, 0),
    };
  }

  if (only.has('throttling') && clean) {
    log('2. the sweep with 10% of calls throttled (SDK retry strategy), then adaptive mode for a window');
    report.throttling = await measureThrottling({ clean, regions: REGION, latencyMs: LATENCY, rate: 0.1, seed: 7, adaptiveWindowMs: 10_000 });
  }

  if (only.has('fanout')) {
    const shape = scaledShape(0.1);
    log(`6. fan-out: 50 accounts x 4 regions, 20 workers, ${LATENCY} ms per call`);
    report.fanout = await measureFanout({ accounts: 50, regions: FOUR_REGIONS, workers: 20, latencyMs: LATENCY, shape });
  }

  if (serialRun && clean && engineBeforeAfter) {
    log('1. waiting for the concurrency-1 sweep');
    const serial = await serialRun;
    const fast =
      SERIAL_LATENCY === LATENCY ? clean : await measureSweep({ account: syntheticAccount(ACCOUNT_ID, REGION), regions: REGION, latencyMs: SERIAL_LATENCY });
    report.sweep = {
      ...summarizeSweep(clean),
      perResource: {
        maxGetBucketVersioningPerBucket: clean.perBucket.getBucketVersioningMax,
        maxGetBucketLocationPerBucket: clean.perBucket.getBucketLocationMax,
        callsPerBucket: round((clean.issuedByService.s3 ?? 0) / clean.perBucket.bucketsLocated, 2),
      },
      serial: {
        latencyMs: SERIAL_LATENCY,
        wallMs: round(serial.wallMs, 0),
        msPerCall: round(serial.wallMs / serial.calls, 2),
        concurrentWallMs: round(fast.wallMs, 0),
        speedup: round(serial.wallMs / fast.wallMs, 1),
        ranBeside: 'the engine before/after, throttling and fan-out sections (latency-bound), in a separate process',
      },
      engineBeforeAfter,
    };
  }

  if (only.has('writes') || only.has('events')) {
    const server = await startDynaliteProcess();
    try {
      const account = syntheticAccount(ACCOUNT_ID, REGION);
      const admin = localClient(server.endpoint);
      const table = await createFindingsTable(admin);
      if (only.has('writes')) {
        log('3. store writes on dynalite: first sweep, unchanged sweep, 1% regressed');
        const writes = await measureWriteCost(server, table, account, REGION);
        const sweepSeconds = lambdaSweepSeconds || writes.first.wallMs / 1000;
        const steady = costPerMonth({
          sweep: writes.unchanged,
          lambdaSeconds: sweepSeconds + writes.unchanged.wallMs / 1000,
          lambdaGb: 1,
          changedResources: 0,
        });
        const churn = costPerMonth({
          sweep: writes.onePercent,
          lambdaSeconds: sweepSeconds + writes.onePercent.wallMs / 1000,
          lambdaGb: 1,
          changedResources: writes.resourcesRegressed.total,
        });
        report.writes = {
          ...writes,
          unchangedWritesPerEvaluationPct: round((writes.unchanged.dynamo.writes / writes.unchanged.evaluations) * 100, 3),
          costPerMonth: {
            prices: PRICES,
            lambdaModel: 'scheduledScan at 1 GB; duration = the item-1 sweep at the latency model + the store phase measured on dynalite',
            steadyState: steady,
            onePercentRegressingEveryHour: churn,
          },
        };
      } else {
        log('3. (seeding the store with one sweep for the event path)');
        await runSweep(benchDeps(new FindingsStore(admin, table), account, new CountingPublisher()), ACCOUNT_ID, REGION);
      }
      if (only.has('events')) {
        // The table now holds the account's findings, baselined: events meet the steady state.
        const client = localClient(server.endpoint);
        const requests: Record<string, number> = {};
        countRequests(client, requests);
        const store = new FindingsStore(client, table);
        log('4. event path, warm, 0 ms APIs: 1,000 PutBucketVersioning events');
        const zero = await measureEventPath({ server, store, account, latencyMs: 0, events: 1000, warmup: 100, changeEvery: 10, requests });
        log(`4. event path at ${LATENCY} ms per API call: 100 events`);
        const slow = await measureEventPath({ server, store, account, latencyMs: LATENCY, events: 100, warmup: 10, changeEvery: 10, requests });
        report.events = { zeroLatency: zero, withLatency: slow };
        client.destroy();
      }
      admin.destroy();
    } finally {
      await server.stop();
    }
  }

  if (only.has('coldstart')) {
    log('5. bundles: osls package, esbuild metafile, import timings (entry; cloudtrailEvent first S3 event), 15 pairs each');
    report.coldStart = await measureBundles({ runs: 15 });
  }

  if (only.has('cli')) {
    log('CLI start-up: --version, --help and rules against node -e "", 15 pairs each');
    execSync('node scripts/build-cli.mjs', { stdio: 'inherit' });
    report.cliStartup = measureCliStartup({ pairs: 15 });
  }

  report.benchWallSeconds = round((performance.now() - benchStarted) / 1000, 1);
  const json = JSON.stringify(report, null, 2);
  process.stdout.write(`${json}\n\n${renderTable(report)}\n`);
  const out = option('out');
  if (out) await writeFile(out, `${json}\n`);
  log(`done in ${report.benchWallSeconds} s (issue account shape: ${JSON.stringify(ISSUE_SHAPE)})`);
}

await main();
