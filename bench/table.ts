/** The short table `npm run bench` prints after its JSON report: one line per figure, target beside it. */
import { LOAD_TARGET_MS, type measureBundles } from './bundles.js';
import type { measureCliStartup } from './cli-startup.js';
import type { measureEventPath } from './event-path.js';
import type { measureFanout } from './fanout.js';
import type { summarizeSweep } from './sweep.js';
import type { measureThrottling } from './throttling.js';
import type { costPerMonth, measureWriteCost } from './write-cost.js';

type Cost = ReturnType<typeof costPerMonth>;

export interface BenchReport {
  meta: Record<string, unknown>;
  sweep?: ReturnType<typeof summarizeSweep> & {
    perResource: { maxGetBucketVersioningPerBucket: number; maxGetBucketLocationPerBucket: number; callsPerBucket: number };
    serial: { latencyMs: number; wallMs: number; msPerCall: number; concurrentWallMs: number; speedup: number; ranBeside: string };
    engineBeforeAfter: {
      regions: readonly string[];
      evaluationCap32WallMs: number;
      uncappedWallMs: number;
      speedup: number;
      busiestLimiterMs: number;
      idealMs: number;
    };
  };
  throttling?: Awaited<ReturnType<typeof measureThrottling>>;
  writes?: Awaited<ReturnType<typeof measureWriteCost>> & {
    unchangedWritesPerEvaluationPct: number;
    costPerMonth: { prices: Record<string, string | number>; lambdaModel: string; steadyState: Cost; onePercentRegressingEveryHour: Cost };
  };
  events?: { zeroLatency: Awaited<ReturnType<typeof measureEventPath>>; withLatency: Awaited<ReturnType<typeof measureEventPath>> };
  coldStart?: Awaited<ReturnType<typeof measureBundles>>;
  fanout?: Awaited<ReturnType<typeof measureFanout>>;
  cliStartup?: ReturnType<typeof measureCliStartup>;
  benchWallSeconds?: number;
}

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const check = (ok: boolean) => (ok ? 'met' : 'MISSED');

export function renderTable(r: BenchReport): string {
  const rows: Array<[string, string, string, string]> = [];
  const add = (item: string, value: string, target = '', verdict = '') => rows.push([item, value, target, verdict]);

  if (r.sweep) {
    const w = r.sweep;
    add('1 sweep wall / ideal', `${s(w.wallMs)} / ${s(w.idealMs)} = ${w.ratio}`, '≤ 1.3', check(w.ratio <= 1.3));
    add(
      '1 calls by service',
      Object.entries(w.callsByService)
        .map(([k, v]) => `${k} ${v}`)
        .join(', '),
    );
    add(
      '1 per bucket: GetBucketVersioning / GetBucketLocation (max)',
      `${w.perResource.maxGetBucketVersioningPerBucket} / ${w.perResource.maxGetBucketLocationPerBucket}`,
      '≤ 1 / ≤ 1',
      check(w.perResource.maxGetBucketVersioningPerBucket <= 1 && w.perResource.maxGetBucketLocationPerBucket <= 1),
    );
    add(
      `1 speed-up vs concurrency 1 (${w.serial.latencyMs} ms)`,
      `${s(w.serial.wallMs)} → ${s(w.serial.concurrentWallMs)} = ${w.serial.speedup}×`,
      '≥ 10×',
      check(w.serial.speedup >= 10),
    );
    const e = w.engineBeforeAfter;
    add('1 engine fix, 4 regions: cap 32 → no cap', `${s(e.evaluationCap32WallMs)} → ${s(e.uncappedWallMs)} (${e.speedup}×)`);
  }
  if (r.throttling) {
    const t = r.throttling;
    const c = t.comparison;
    add(
      '2 10% throttled: missing / wrongly PASS / ERROR',
      `${c.missing} / ${c.wronglyPass} / ${c.endedInError} of ${c.findings}`,
      '0 / 0 / any',
      check(c.missing === 0 && c.wronglyPass === 0 && c.extra === 0),
    );
    add('2 extra wall (standard retries)', `+${s(t.extraWallMs)} (+${t.extraWallPct}%), ${t.throttled} throttles, ${t.retries} retries`);
    add('2 adaptive mode send rate', `${t.adaptive.callsPerSecond} calls/s (standard ${t.callsPerSecond})`);
  }
  if (r.writes) {
    const w = r.writes;
    const wcu = (x: typeof w.first) => x.dynamo.wcuTable + x.dynamo.wcuIndexes;
    add('3 writes: first / unchanged / 1% regressed', `${w.first.dynamo.writes} / ${w.unchanged.dynamo.writes} / ${w.onePercent.dynamo.writes}`);
    add('3 WCU (table+indexes): first / unchanged / 1%', `${wcu(w.first)} / ${wcu(w.unchanged)} / ${wcu(w.onePercent)}`);
    add('3 unchanged writes per evaluation', `${w.unchangedWritesPerEvaluationPct}%`, '≤ 1%', check(w.unchangedWritesPerEvaluationPct <= 1));
    const st = w.costPerMonth.steadyState;
    const ch = w.costPerMonth.onePercentRegressingEveryHour;
    add('3 $/month hourly, steady: Preflight vs Config', `$${st.preflightUsd} vs $${st.awsConfigUsd} (${st.configOverPreflight}×)`);
    add('3 $/month hourly, 1%/h regressing', `$${ch.preflightUsd} vs $${ch.awsConfigUsd} (${ch.configOverPreflight}×)`);
  }
  if (r.events) {
    const z = r.events.zeroLatency;
    add('4 event p50 / p99 wall (0 ms APIs)', `${z.wallP50Ms} / ${z.wallP99Ms} ms`);
    add('4 event CPU p50 (ours) / dynalite mean', `${z.cpuP50Ms} / ${z.dynaliteCpuMeanMs} ms`, '≤ 5 ms', check(z.cpuP50Ms <= 5));
    const l = r.events.withLatency;
    add(`4 event p50 end to end (${l.latencyMs} ms APIs)`, `${l.wallP50Ms} ms`);
  }
  if (r.coldStart) {
    for (const f of r.coldStart.functions) {
      const target = f.issueTargetKb ?? 0;
      add(
        `5 ${f.function} zip (unzipped: entry + chunks)`,
        `${f.unzippedKb} KB (entry ${f.entryKb} KB), budget ${f.budgetKb ?? '-'} KB`,
        `≤ ${target} KB`,
        check(f.unzippedKb <= target),
      );
      add(
        `5 ${f.function} import overhead`,
        `${f.importOverheadMs} ms (${f.loadedAtImportKb} KB)`,
        `≤ ${LOAD_TARGET_MS} ms`,
        check(f.importOverheadMs <= LOAD_TARGET_MS),
      );
    }
    const first = r.coldStart.firstS3Event;
    if (first)
      add(
        `5 ${first.function} first S3 event load overhead`,
        `${first.loadOverheadMs} ms (${first.kb} KB, ${first.files.length} files)`,
        `≤ ${first.targetMs} ms`,
        check(first.loadOverheadMs <= first.targetMs),
      );
  }
  if (r.fanout) {
    const f = r.fanout;
    add(`6 fan-out ${f.accounts}×${f.regions} items, ${f.workers} workers`, `${s(f.makespanMs)} vs ideal ${s(f.idealMakespanMs)} = ${f.ratio}`);
  }

  if (r.cliStartup) {
    for (const c of r.cliStartup.commands) {
      add(`CLI ${c.command}: over node -e "" / peak RSS`, `+${c.overheadMs} ms / ${c.peakRssMiB} MiB (node -e "": ${r.cliStartup.emptyNodePeakRssMiB} MiB)`);
    }
  }

  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((row) => row[i]?.length ?? 0), ['measure', 'measured', 'target', ''][i]?.length ?? 0));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(['measure', 'measured', 'target', '']), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
