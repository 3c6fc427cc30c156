/**
 * The facts layer the rules read through. Two levels:
 * - `AwsApis`: one method per AWS API operation, per region. `awsApiProvider` implements it with the
 *   SDK; the demo's sample account and the benchmark implement it from data.
 * - `Readers`: memoized, paginated, concurrency-limited facts over any `AwsApis` — what rules see.
 */
import { type BudgetsApi, BudgetsReader } from './budgets-reader.js';
import { type CloudWatchApi, CloudWatchReader } from './cloudwatch-reader.js';
import { type ElastiCacheApi, ElastiCacheReader } from './elasticache-reader.js';
import { type S3Api, S3Reader } from './s3-reader.js';
import type { ScanSession } from './scan-session.js';
import { type SnsApi, SnsReader } from './sns-reader.js';

export interface AwsApis {
  s3: S3Api;
  budgets: BudgetsApi;
  cloudwatch: CloudWatchApi;
  sns: SnsApi;
  elasticache: ElastiCacheApi;
}

/** The API surface of one region. Implementations create their clients once and cache them. */
export type ApiProvider = (region: string) => AwsApis;

export interface Readers {
  s3: S3Reader;
  budgets: BudgetsReader;
  cloudwatch: CloudWatchReader;
  sns: SnsReader;
  elasticache: ElastiCacheReader;
}

export interface ReadersOptions {
  apis: ApiProvider;
  session: ScanSession;
  /** The region being evaluated. */
  region: string;
  accountId: string;
}

export function createReaders({ apis, session, region, accountId }: ReadersOptions): Readers {
  return {
    s3: new S3Reader((r) => apis(r).s3, session, region),
    budgets: new BudgetsReader((r) => apis(r).budgets, session, region, accountId),
    cloudwatch: new CloudWatchReader((r) => apis(r).cloudwatch, session, region, accountId),
    sns: new SnsReader((r) => apis(r).sns, session, region, accountId),
    elasticache: new ElastiCacheReader((r) => apis(r).elasticache, session, region, accountId),
  };
}

export {};
