/**
 * Items 1 and 2: one sweep of the synthetic account through the real readers, rules and engine, with
 * a deterministic per-call latency; calls counted per service, per limiter and per bucket.
 */
import { selectRules } from '../src/rules/index.js';
import { evaluate, type EvaluateResult } from '#shared/engine/engine.js';
import { ScanSession, type ServiceName } from '#shared/aws/scan-session.js';
import { type MemoryApiOptions, type MemoryCallInfo, memoryApiProvider } from '../src/cli/demo/memory-account/index.js';
import type { MemoryAccount } from '../src/cli/demo/memory-account/index.js';
import type { ApiProvider } from '#shared/aws/readers.js';
import { ACCOUNT_ID, busiestLimiterMs, callsByService, CORE_RULE_IDS, Counter, idealMs, round, timed } from './support.js';

export interface SweepOptions {
  account: MemoryAccount;
  regions: readonly string[];
  latencyMs: number;
  /** Every service limit and the evaluation limit set to this (the "concurrency 1" baseline). */
  uniformConcurrency?: number;
  /** The engine's evaluation cap (unset = none, the engine's default; 32 was the default before). */
  evaluationConcurrency?: number;
  fault?: MemoryApiOptions['fault'];
  /** Wraps the provider (e.g. with SDK-like retries). */
  wrap?: (apis: ApiProvider) => ApiProvider;
}

export interface SweepMeasurement {
  wallMs: number;
  cpuMs: number;
  result: EvaluateResult;
  /** Calls the account answered (retries included), by service. */
  answeredByService: Record<string, number>;
  /** Calls the engine issued (one per reader call, retries not included), by service. */
  issuedByService: Record<string, number>;
  byLimiter: Record<string, number>;
  perBucket: { getBucketVersioningMax: number; getBucketLocationMax: number; bucketsLocated: number; bucketsVersioningRead: number };
  idealMs: number;
  busiestLimiterMs: number;
}

/** Limiter key of a call as ScanSession builds it: `service:region`. */
function limiterKey(call: MemoryCallInfo): string {
  return `${call.service}:${call.region}`;
}

export async function measureSweep(options: SweepOptions): Promise<SweepMeasurement> {
  const answered = new Counter();
  const byLimiter = new Counter();
  const versioning = new Counter();
  const location = new Counter();
  const onCall = (call: MemoryCallInfo) => {
    answered.add(call.service);
    byLimiter.add(limiterKey(call));
    const bucket = (call.input as { Bucket?: string } | undefined)?.Bucket;
    if (bucket && call.operation === 'GetBucketVersioning') versioning.add(bucket);
    if (bucket && call.operation === 'GetBucketLocation') location.add(bucket);
  };
  const base = memoryApiProvider(options.account, { latencyMs: options.latencyMs, fault: options.fault, onCall });
  const apis = options.wrap ? options.wrap(base) : base;
  const uniform = options.uniformConcurrency;
  const overrides: Partial<Record<ServiceName, number>> = {};
  if (uniform) for (const service of ['s3', 'budgets', 'cloudwatch', 'sns', 'elasticache'] as const) overrides[service] = uniform;
  const session = new ScanSession({ concurrency: overrides });
  const rules = selectRules({ ruleIds: [...CORE_RULE_IDS] });

  const run = await timed(() =>
    evaluate({ accountId: ACCOUNT_ID, regions: options.regions, rules, apis, session, concurrency: uniform ?? options.evaluationConcurrency }),
  );
  const issued = callsByService(run.value.calls);
  return {
    wallMs: run.wallMs,
    cpuMs: run.cpuMs,
    result: run.value,
    answeredByService: answered.toObject(),
    issuedByService: issued,
    byLimiter: byLimiter.toObject(),
    perBucket: {
      getBucketVersioningMax: versioning.max(),
      getBucketLocationMax: location.max(),
      bucketsLocated: location.counts.size,
      bucketsVersioningRead: versioning.counts.size,
    },
    idealMs: idealMs(issued, options.latencyMs, overrides),
    busiestLimiterMs: busiestLimiterMs(byLimiter.toObject(), options.latencyMs, overrides),
  };
}

export function summarizeSweep(m: SweepMeasurement) {
  const byStatus: Record<string, number> = {};
  for (const f of m.result.findings) byStatus[f.status] = (byStatus[f.status] ?? 0) + 1;
  return {
    wallMs: round(m.wallMs, 0),
    cpuMs: round(m.cpuMs, 0),
    idealMs: round(m.idealMs, 0),
    ratio: round(m.wallMs / m.idealMs, 3),
    busiestLimiterMs: round(m.busiestLimiterMs, 0),
    findings: m.result.findings.length,
    byStatus,
    callsByService: m.issuedByService,
    callsByOperation: m.result.calls,
    callsByLimiter: m.byLimiter,
    perBucket: m.perBucket,
  };
}
