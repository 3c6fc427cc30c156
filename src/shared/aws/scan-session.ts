/**
 * Per-scan state shared by every reader: memoized facts (one GetBucketVersioning per bucket serves
 * every S3 rule), a concurrency limit per (service, region), and a count of API calls issued.
 * Create one per scan of one account; never share it across accounts.
 */
import { unreadableAnswer } from '#shared/core/errors.js';
import { Limiter } from '#shared/core/limiter.js';
import { SERVICES, type ServiceId } from './services/index.js';

/** The services a scan calls: the registry's, and STS (identity, member roles). */
export type ServiceName = ServiceId | 'sts';

/** In-flight API calls per service and region, from the service declarations. */
export const DEFAULT_CONCURRENCY: Readonly<Record<ServiceName, number>> = {
  ...(Object.fromEntries(SERVICES.map((service) => [service.id, service.concurrency])) as Record<ServiceId, number>),
  sts: 2,
};

/** A service no declaration names (none today): a cautious limit rather than none. */
const FALLBACK_CONCURRENCY = 2;

export interface ScanSessionOptions {
  concurrency?: Partial<Record<ServiceName, number>>;
}

export class ScanSession {
  private readonly facts = new Map<string, Promise<unknown>>();
  private readonly limiters = new Map<string, Limiter>();
  private readonly callCounts = new Map<string, number>();
  private readonly concurrency: Record<ServiceName, number>;

  constructor(options: ScanSessionOptions = {}) {
    this.concurrency = { ...DEFAULT_CONCURRENCY, ...options.concurrency };
  }

  /**
   * Memoizes a fact by key. A failure is remembered too: two rules reading the same denied fact
   * both report the same ERROR, and the API is not asked twice.
   */
  remember<T>(key: string, load: () => Promise<T>): Promise<T> {
    const known = this.facts.get(key);
    if (known) return known as Promise<T>;
    const loading = load();
    this.facts.set(key, loading);
    return loading;
  }

  has(key: string): boolean {
    return this.facts.has(key);
  }

  /** A fact already asked for (loaded or loading), or undefined: nothing is loaded. */
  recall<T>(key: string): Promise<T> | undefined {
    return this.facts.get(key) as Promise<T> | undefined;
  }

  /**
   * Runs one API call under its service's concurrency limit in that region, and counts it. An answer
   * the SDK could not read fails as UnreadableAnswerError, naming this call and keeping the raw text.
   */
  async call<T>(service: string, operation: string, region: string, send: () => Promise<T>): Promise<T> {
    const key = `${service}:${region}`;
    let limiter = this.limiters.get(key);
    if (!limiter) {
      limiter = new Limiter(this.concurrency[service as ServiceName] ?? FALLBACK_CONCURRENCY);
      this.limiters.set(key, limiter);
    }
    const name = `${service}:${operation}`;
    this.callCounts.set(name, (this.callCounts.get(name) ?? 0) + 1);
    try {
      return await limiter.run(send);
    } catch (error) {
      throw unreadableAnswer(error, service, operation) ?? error;
    }
  }

  /** API calls issued so far, by `service:Operation`. */
  calls(): Record<string, number> {
    return Object.fromEntries([...this.callCounts.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }
}
