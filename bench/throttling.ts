/**
 * Item 2: the sweep with a seeded 10% of calls throttled, retried as the SDK retries them
 * (withSdkRetries), compared finding by finding with the fault-free sweep.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Finding } from '#shared/core/model.js';
import { withSdkRetries } from './sdk-retry.js';
import { throttleFault } from './faults.js';
import { measureSweep, type SweepMeasurement } from './sweep.js';
import { syntheticAccount } from './synthetic-account.js';
import { ACCOUNT_ID, round } from './support.js';

const key = (f: Finding) => `${f.ruleId}|${f.resourceId}`;

/** Finding-by-finding comparison with the fault-free sweep. */
export function compareFindings(clean: readonly Finding[], faulty: readonly Finding[]) {
  const before = new Map(clean.map((f) => [key(f), f]));
  const after = new Map(faulty.map((f) => [key(f), f]));
  let same = 0;
  let error = 0;
  let wronglyPass = 0;
  let otherwiseChanged = 0;
  let reasonDiffers = 0;
  for (const [k, f] of after) {
    const b = before.get(k);
    if (!b) continue;
    if (f.status === b.status) {
      same += 1;
      if (f.reason !== b.reason) reasonDiffers += 1;
    } else if (f.status === 'ERROR') error += 1;
    else if (f.status === 'PASS') wronglyPass += 1;
    else otherwiseChanged += 1;
  }
  return {
    findings: faulty.length,
    missing: [...before.keys()].filter((k) => !after.has(k)).length,
    extra: [...after.keys()].filter((k) => !before.has(k)).length,
    sameStatus: same,
    endedInError: error,
    wronglyPass,
    otherwiseChanged,
    sameStatusOtherReason: reasonDiffers,
  };
}

export interface ThrottlingOptions {
  clean: SweepMeasurement;
  regions: readonly string[];
  latencyMs: number;
  rate: number;
  seed: number;
  /** How long to watch the SDK's adaptive mode before stopping it. */
  adaptiveWindowMs: number;
}

export async function measureThrottling(o: ThrottlingOptions) {
  const fault = throttleFault(o.rate, o.seed);
  let retries = 0;
  const standard = await measureSweep({
    account: syntheticAccount(ACCOUNT_ID, o.regions),
    regions: o.regions,
    latencyMs: o.latencyMs,
    fault: fault.fault,
    wrap: (apis) => withSdkRetries(apis, { mode: 'standard', onRetry: () => (retries += 1) }),
  });
  const answered = Object.values(standard.answeredByService).reduce((a, b) => a + b, 0);

  const adaptive = await watchAdaptive(o);

  return {
    rate: o.rate,
    seed: o.seed,
    retryStrategy: "the SDK's StandardRetryStrategy from our clientConfig (6 attempts, exponential backoff with jitter, retry quota), via withSdkRetries",
    wallMs: round(standard.wallMs, 0),
    cleanWallMs: round(o.clean.wallMs, 0),
    extraWallMs: round(standard.wallMs - o.clean.wallMs, 0),
    extraWallPct: round(((standard.wallMs - o.clean.wallMs) / o.clean.wallMs) * 100, 1),
    callsAnswered: answered,
    throttled: fault.throttled(),
    retries,
    callsPerSecond: round((answered / standard.wallMs) * 1000, 1),
    comparison: compareFindings(o.clean.result.findings, standard.result.findings),
    adaptive,
  };
}

/**
 * Adaptive mode (what the deployed clients use) adds client-side rate limiting: every throttle cuts
 * the send rate. The same throttled sweep runs in a child process, watched for a window, then killed.
 */
async function watchAdaptive(o: ThrottlingOptions) {
  const child = fork(
    fileURLToPath(new URL('./adaptive-child.ts', import.meta.url)),
    [String(o.rate), String(o.seed), String(o.latencyMs), o.regions.join(',')],
    {
      stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
    },
  );
  let last = { answered: 0, throttled: 0, elapsedMs: 0 };
  let done = false;
  child.on('message', (m: typeof last | { done: true }) => {
    if ('done' in m) done = true;
    else last = m;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, o.adaptiveWindowMs))]);
  child.kill();
  await exited;
  return {
    windowMs: o.adaptiveWindowMs,
    finished: done,
    elapsedMs: round(last.elapsedMs, 0),
    callsAnswered: last.answered,
    throttled: last.throttled,
    callsPerSecond: round((last.answered / Math.max(1, last.elapsedMs)) * 1000, 1),
  };
}
