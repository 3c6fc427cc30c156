/**
 * An in-memory AWS account: plain data served through the same AwsApis interface as the SDK, so the
 * real readers and rules run against it. The demo's sample account, the benchmark's synthetic account
 * and the soak tests use it; it is never used to evaluate a real account.
 */
import type { ApiProvider, AwsApis } from '../aws/readers.js';
import { emptyBudgetsState, memoryBudgetsApi, type MemoryBudgetsState } from './budgets.js';
import { emptyCloudWatchState, memoryCloudWatchApi, type MemoryCloudWatchState } from './cloudwatch.js';
import { emptyElastiCacheState, memoryElastiCacheApi, type MemoryElastiCacheState } from './elasticache.js';
import { memoryS3Api, type MemoryS3State } from './s3.js';
import { emptySnsState, memorySnsApi, type MemorySnsState } from './sns.js';
import type { MemoryCall } from './support.js';

/** Regional services keep one state per region; S3 and Budgets are account-wide. */
export interface MemoryAccount {
  accountId: string;
  s3: MemoryS3State;
  budgets: MemoryBudgetsState;
  regions: Record<string, MemoryRegion>;
}

export interface MemoryRegion {
  cloudwatch: MemoryCloudWatchState;
  sns: MemorySnsState;
  elasticache: MemoryElastiCacheState;
}

export interface MemoryCallInfo {
  service: string;
  operation: string;
  region: string;
  input: unknown;
}

export interface MemoryApiOptions {
  /** Milliseconds every call waits before answering (the benchmark's latency model). */
  latencyMs?: number;
  /** Returns an error to throw instead of answering (fault injection), or undefined. */
  fault?: (call: MemoryCallInfo) => Error | undefined;
  /** Sees every call (counting, logging). */
  onCall?: (call: MemoryCallInfo) => void;
}

export function emptyRegion(): MemoryRegion {
  return { cloudwatch: emptyCloudWatchState(), sns: emptySnsState(), elasticache: emptyElastiCacheState() };
}

export function memoryApiProvider(account: MemoryAccount, options: MemoryApiOptions = {}): ApiProvider {
  const byRegion = new Map<string, AwsApis>();
  return (region) => {
    let apis = byRegion.get(region);
    if (!apis) {
      const call: MemoryCall = async (service, operation, input, answer) => {
        const info = { service, operation, region, input };
        options.onCall?.(info);
        if (options.latencyMs) await new Promise((resolve) => setTimeout(resolve, options.latencyMs));
        const fault = options.fault?.(info);
        if (fault) throw fault;
        return answer();
      };
      // A region the account never used answers like an empty region, as AWS does.
      const regional = () => {
        let state = account.regions[region];
        if (!state) {
          state = emptyRegion();
          account.regions[region] = state;
        }
        return state;
      };
      apis = {
        s3: memoryS3Api(account.s3, call),
        budgets: memoryBudgetsApi(account.budgets, region, account.accountId, call),
        cloudwatch: memoryCloudWatchApi(regional().cloudwatch, region, account.accountId, call),
        sns: memorySnsApi(regional().sns, region, account.accountId, call),
        elasticache: memoryElastiCacheApi(regional().elasticache, region, account.accountId, call),
      };
      byRegion.set(region, apis);
    }
    return apis;
  };
}

export {};
