/**
 * An in-memory AWS account: plain data served through the same AwsApis interface as the SDK (one
 * implementation per service of the registry, MEMORY_SERVICES below), so the real readers and rules
 * run against it. The demo's sample account, the benchmark's synthetic account
 * and the soak tests use it; it is never used to evaluate a real account.
 */
import { type ApiProvider, type AwsApis, lazyRegionApis, type RegionApis } from '#shared/aws/readers.js';
import type { ServiceId } from '#shared/aws/services/index.js';
import { emptyBudgetsState, memoryBudgetsApi, type MemoryBudgetsState } from './budgets.js';
import { emptyCloudWatchState, memoryCloudWatchApi, type MemoryCloudWatchState } from './cloudwatch.js';
import { emptyElastiCacheState, memoryElastiCacheApi, type MemoryElastiCacheState } from './elasticache.js';
import { memoryS3Api, type MemoryS3State } from './s3.js';
import { emptySnsState, memorySnsApi, type MemorySnsState } from './sns.js';
import { emptyCloudTrailState, memoryCloudTrailApi, type MemoryCloudTrailState } from './cloudtrail.js';
import { emptyIamState, memoryIamApi, type MemoryIamState } from './iam.js';
import { emptyRdsState, memoryRdsApi, type MemoryRdsState } from './rds.js';
import { emptyEc2State, memoryEc2Api, type MemoryEc2State } from './ec2.js';
import { emptyLogsState, memoryLogsApi, type MemoryLogsState } from './logs.js';
import { emptySecretsManagerState, memorySecretsManagerApi, type MemorySecretsManagerState } from './secretsmanager.js';
import { emptyAcmState, memoryAcmApi, type MemoryAcmState } from './acm.js';
import { emptyWafv2State, memoryWafv2Api, type MemoryWafv2State } from './wafv2.js';
import { emptyElbv2State, memoryElbv2Api, type MemoryElbv2State } from './elbv2.js';
import { emptyApiGatewayState, memoryApiGatewayApi, type MemoryApiGatewayState } from './apigateway.js';
import { emptySesState, memorySesApi, type MemorySesState } from './ses.js';
import { emptyDynamoDbState, memoryDynamoDbApi, type MemoryDynamoDbState } from './dynamodb.js';
import type { MemoryCall } from './support.js';

/** Regional services keep one state per region; S3 and Budgets are account-wide. */
export interface MemoryAccount {
  accountId: string;
  s3: MemoryS3State;
  budgets: MemoryBudgetsState;
  iam: MemoryIamState;
  regions: Record<string, MemoryRegion>;
}

export interface MemoryRegion {
  cloudwatch: MemoryCloudWatchState;
  sns: MemorySnsState;
  elasticache: MemoryElastiCacheState;
  cloudtrail: MemoryCloudTrailState;
  rds: MemoryRdsState;
  ec2: MemoryEc2State;
  logs: MemoryLogsState;
  secretsmanager: MemorySecretsManagerState;
  acm: MemoryAcmState;
  wafv2: MemoryWafv2State;
  elbv2: MemoryElbv2State;
  apigateway: MemoryApiGatewayState;
  ses: MemorySesState;
  dynamodb: MemoryDynamoDbState;
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
  return {
    cloudwatch: emptyCloudWatchState(),
    sns: emptySnsState(),
    elasticache: emptyElastiCacheState(),
    cloudtrail: emptyCloudTrailState(),
    rds: emptyRdsState(),
    ec2: emptyEc2State(),
    logs: emptyLogsState(),
    secretsmanager: emptySecretsManagerState(),
    acm: emptyAcmState(),
    wafv2: emptyWafv2State(),
    elbv2: emptyElbv2State(),
    apigateway: emptyApiGatewayState(),
    ses: emptySesState(),
    dynamodb: emptyDynamoDbState(),
  };
}

/** An account with nothing in it yet (regions are created on first use). */
export function emptyAccount(accountId: string, regions: readonly string[] = []): MemoryAccount {
  return {
    accountId,
    s3: { buckets: [] },
    budgets: emptyBudgetsState(),
    iam: emptyIamState(),
    regions: Object.fromEntries(regions.map((region) => [region, emptyRegion()])),
  };
}

/** The region's state, created empty when the account never used it. */
export function ensureRegion(account: MemoryAccount, region: string): MemoryRegion {
  account.regions[region] ??= emptyRegion();
  return account.regions[region];
}

/** What a memory implementation is built from: the account, the region it answers for, and the call hook. */
interface MemoryScope {
  account: MemoryAccount;
  region: string;
  /** The region's state (a region the account never used answers like an empty region, as AWS does). */
  regional: () => MemoryRegion;
  call: MemoryCall;
}

/** One in-memory implementation per service of the registry: a service without one does not compile. */
const MEMORY_SERVICES: { readonly [S in ServiceId]: (scope: MemoryScope) => AwsApis[S] } = {
  s3: ({ account, call }) => memoryS3Api(account.s3, call),
  budgets: ({ account, region, call }) => memoryBudgetsApi(account.budgets, region, account.accountId, call),
  cloudwatch: ({ account, region, regional, call }) => memoryCloudWatchApi(regional().cloudwatch, region, account.accountId, call),
  sns: ({ account, region, regional, call }) => memorySnsApi(regional().sns, region, account.accountId, call),
  elasticache: ({ account, region, regional, call }) => memoryElastiCacheApi(regional().elasticache, region, account.accountId, call),
  cloudtrail: ({ account, region, regional, call }) => memoryCloudTrailApi(regional().cloudtrail, region, account.accountId, call),
  iam: ({ account, region, call }) => memoryIamApi(account.iam, region, account.accountId, call),
  rds: ({ account, region, regional, call }) => memoryRdsApi(regional().rds, region, account.accountId, call),
  ec2: ({ account, region, regional, call }) => memoryEc2Api(regional().ec2, region, account.accountId, call),
  logs: ({ account, region, regional, call }) => memoryLogsApi(regional().logs, region, account.accountId, call),
  secretsmanager: ({ account, region, regional, call }) => memorySecretsManagerApi(regional().secretsmanager, region, account.accountId, call),
  acm: ({ account, region, regional, call }) => memoryAcmApi(regional().acm, region, account.accountId, call),
  wafv2: ({ account, region, regional, call }) => memoryWafv2Api(regional().wafv2, region, account.accountId, call),
  elbv2: ({ account, region, regional, call }) => memoryElbv2Api(regional().elbv2, region, account.accountId, call),
  apigateway: ({ account, region, regional, call }) => memoryApiGatewayApi(regional().apigateway, region, account.accountId, call),
  ses: ({ account, region, regional, call }) => memorySesApi(regional().ses, region, account.accountId, call),
  dynamodb: ({ account, region, regional, call }) => memoryDynamoDbApi(regional().dynamodb, region, account.accountId, call),
};

export function memoryApiProvider(account: MemoryAccount, options: MemoryApiOptions = {}): ApiProvider {
  const byRegion = new Map<string, RegionApis>();
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
      const scope: MemoryScope = { account, region, regional: () => ensureRegion(account, region), call };
      apis = lazyRegionApis(async (service) => MEMORY_SERVICES[service](scope));
      byRegion.set(region, apis);
    }
    return apis;
  };
}
