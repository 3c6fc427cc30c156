/**
 * The concurrency-1 sweep (every service limiter and the engine at 1), in its own process so it can
 * run beside the benchmark's other latency-bound sections: it is ~2 minutes of waiting on timers.
 */
import { measureSweep } from './sweep.js';
import { syntheticAccount } from './synthetic-account.js';
import { ACCOUNT_ID } from './support.js';

const latencyMs = Number(process.argv[2]);
const regions = (process.argv[3] ?? 'us-east-1').split(',');
const m = await measureSweep({ account: syntheticAccount(ACCOUNT_ID, regions), regions, latencyMs, uniformConcurrency: 1 });
const calls = Object.values(m.issuedByService).reduce((a, b) => a + b, 0);
process.send?.({ wallMs: m.wallMs, cpuMs: m.cpuMs, calls, findings: m.result.findings.length });
process.disconnect?.();
