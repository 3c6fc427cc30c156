/**
 * An in-memory AWS account: plain data served through the same AwsApis interface as the SDK, so the
 * real readers and rules run against it. The demo's sample account, the benchmark's synthetic account
 * and the soak tests use it; it is never used to evaluate a real account.
 */
import type { ApiProvider, AwsApis } from '#shared/aws/readers.js';
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
      const regional = () => ensureRegion(account, region);
      apis = {
        s3: memoryS3Api(account.s3, call),
        budgets: memoryBudgetsApi(account.budgets, region, account.accountId, call),
        cloudwatch: memoryCloudWatchApi(regional().cloudwatch, region, account.accountId, call),
        sns: memorySnsApi(regional().sns, region, account.accountId, call),
        elasticache: memoryElastiCacheApi(regional().elasticache, region, account.accountId, call),
        cloudtrail: memoryCloudTrailApi(regional().cloudtrail, region, account.accountId, call),
        iam: memoryIamApi(account.iam, region, account.accountId, call),
        rds: memoryRdsApi(regional().rds, region, account.accountId, call),
        ec2: memoryEc2Api(regional().ec2, region, account.accountId, call),
        logs: memoryLogsApi(regional().logs, region, account.accountId, call),
        secretsmanager: memorySecretsManagerApi(regional().secretsmanager, region, account.accountId, call),
        acm: memoryAcmApi(regional().acm, region, account.accountId, call),
        wafv2: memoryWafv2Api(regional().wafv2, region, account.accountId, call),
        elbv2: memoryElbv2Api(regional().elbv2, region, account.accountId, call),
        apigateway: memoryApiGatewayApi(regional().apigateway, region, account.accountId, call),
        ses: memorySesApi(regional().ses, region, account.accountId, call),
        dynamodb: memoryDynamoDbApi(regional().dynamodb, region, account.accountId, call),
      };
      byRegion.set(region, apis);
    }
    return apis;
  };
}
