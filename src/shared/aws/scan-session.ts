/**
 * Per-scan state shared by every reader: memoized facts (one GetBucketVersioning per bucket serves
 * every S3 rule), a concurrency limit per (service, region), and a count of API calls issued.
 * Create one per scan of one account; never share it across accounts.
 */
import { unreadableAnswer } from '#shared/core/errors.js';
import { Limiter } from '#shared/core/limiter.js';

export type ServiceName =
  | 's3'
  | 'budgets'
  | 'cloudwatch'
  | 'sns'
  | 'elasticache'
  | 'sts'
  | 'cloudtrail'
  | 'iam'
  | 'rds'
  | 'ec2'
  | 'logs'
  | 'secretsmanager'
  | 'acm'
  | 'wafv2'
  | 'elbv2'
  | 'apigateway'
  | 'ses'
  | 'dynamodb';

/** In-flight API calls per service and region. AWS throttles per service; these stay well below. */
export const DEFAULT_CONCURRENCY: Readonly<Record<ServiceName, number>> = {
  s3: 16,
  budgets: 4,
  cloudwatch: 8,
  sns: 8,
  elasticache: 4,
  sts: 2,
  cloudtrail: 4,
  iam: 4,
  rds: 4,
  ec2: 8,
  logs: 4,
  secretsmanager: 4,
  acm: 4,
  wafv2: 4,
  elbv2: 4,
  apigateway: 4,
  ses: 2,
  dynamodb: 8,
};

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

  /**
   * Runs one API call under its service's concurrency limit in that region, and counts it. An answer
   * the SDK could not read fails as UnreadableAnswerError, naming this call and keeping the raw text.
   */
  async call<T>(service: ServiceName, operation: string, region: string, send: () => Promise<T>): Promise<T> {
    const key = `${service}:${region}`;
    let limiter = this.limiters.get(key);
    if (!limiter) {
      limiter = new Limiter(this.concurrency[service]);
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
