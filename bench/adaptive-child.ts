/**
 * The throttled sweep under the SDK's adaptive retry mode, in a child process the benchmark kills
 * after its window (a slowed-down sweep could take many minutes to finish). Reports progress each 250 ms.
 */
import { withSdkRetries } from './sdk-retry.js';
import { throttleFault } from './faults.js';
import { measureSweep } from './sweep.js';
import { syntheticAccount } from './synthetic-account.js';
import { ACCOUNT_ID } from './support.js';

const [rate, seed, latencyMs, regions] = [
  Number(process.argv[2]),
  Number(process.argv[3]),
  Number(process.argv[4]),
  (process.argv[5] ?? 'us-east-1').split(','),
];
const fault = throttleFault(rate, seed);
let answered = 0;
const started = performance.now();
const report = () => process.send?.({ answered, throttled: fault.throttled(), elapsedMs: performance.now() - started });
setInterval(report, 250).unref();
process.on('disconnect', () => process.exit(0));
await measureSweep({
  account: syntheticAccount(ACCOUNT_ID, regions),
  regions,
  latencyMs,
  fault: (call) => {
    answered += 1;
    return fault.fault(call);
  },
  wrap: (apis) => withSdkRetries(apis, { mode: 'adaptive' }),
});
report();
process.send?.({ done: true });
