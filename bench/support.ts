/** What every benchmark section shares: the Core-pack rule ids, timing, percentiles, the ideal-time model. */
import { DEFAULT_CONCURRENCY, type ServiceName } from '#shared/aws/scan-session.js';

export const ACCOUNT_ID = '123456789012';

/**
 * The Core pack (the first rules, docs/rules.md). Named, not read from the family folders, so the figures stay
 * comparable as the Extended pack adds rules (some of them to the same families, e.g. S3 lifecycle).
 */
export const CORE_RULE_IDS = [
  's3-bucket-versioning-enabled',
  's3-bucket-mfa-delete-enabled',
  'budget-cost-budget-exists',
  'budget-alert-thresholds',
  'budget-alert-subscribers',
  'cloudwatch-alarm-action-configured',
  'cloudwatch-alarm-topic-subscribed',
  'cloudwatch-billing-alarm-exists',
  'cloudwatch-dashboard-exists',
  'elasticache-cache-available',
  'elasticache-automatic-backup',
  'elasticache-automatic-failover',
  'elasticache-encrypted-at-rest',
  'elasticache-encrypted-in-transit',
  'elasticache-auto-minor-version-upgrade',
  'elasticache-non-default-subnet-group',
] as const;

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

export function median(values: readonly number[]): number {
  return percentile(
    [...values].sort((a, b) => a - b),
    50,
  );
}

export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Wall and CPU time (user + system) of an async task, in milliseconds. */
export async function timed<T>(task: () => Promise<T>): Promise<{ value: T; wallMs: number; cpuMs: number }> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const value = await task();
  const wallMs = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { value, wallMs, cpuMs: (used.user + used.system) / 1000 };
}

/** `service:Operation` counts → counts per service. */
export function callsByService(calls: Readonly<Record<string, number>>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, n] of Object.entries(calls)) {
    const service = key.split(':')[0] ?? key;
    out[service] = (out[service] ?? 0) + n;
  }
  return out;
}

export function limitOf(service: string, overrides: Partial<Record<ServiceName, number>> = {}): number {
  const name = service as ServiceName;
  return overrides[name] ?? DEFAULT_CONCURRENCY[name] ?? 1;
}

/**
 * The ideal: Σ over services of (calls / that service's concurrency limit) × latency, i.e. each
 * service's queue kept full, services one after another. Services can overlap, so a sweep may beat it.
 */
export function idealMs(byService: Readonly<Record<string, number>>, latencyMs: number, overrides: Partial<Record<ServiceName, number>> = {}): number {
  let total = 0;
  for (const [service, n] of Object.entries(byService)) total += (n / limitOf(service, overrides)) * latencyMs;
  return total;
}

/** A stricter floor: the busiest limiter alone, (calls per (service, region) / limit) × latency. */
export function busiestLimiterMs(
  callsByLimiter: Readonly<Record<string, number>>,
  latencyMs: number,
  overrides: Partial<Record<ServiceName, number>> = {},
): number {
  let worst = 0;
  for (const [key, n] of Object.entries(callsByLimiter)) {
    const service = key.split(':')[0] ?? key;
    worst = Math.max(worst, (n / limitOf(service, overrides)) * latencyMs);
  }
  return worst;
}

/** Counts each key. */
export class Counter {
  readonly counts = new Map<string, number>();
  add(key: string, n = 1): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + n);
  }
  get(key: string): number {
    return this.counts.get(key) ?? 0;
  }
  max(): number {
    let m = 0;
    for (const v of this.counts.values()) m = Math.max(m, v);
    return m;
  }
  toObject(): Record<string, number> {
    return Object.fromEntries([...this.counts.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }
}
