/**
 * The demo's sample account: an in-memory account (see src/shared/memory-account) filled by one
 * sample file per rule family. Sample data, clearly labelled as such wherever it is shown.
 */
import { emptyBudgetsState } from '../../shared/memory-account/budgets.js';
import { emptyRegion, type MemoryAccount } from '../../shared/memory-account/index.js';
import { applyBudgetsSample } from './sample/budgets.js';
import { applyCloudWatchSample } from './sample/cloudwatch.js';
import { applyElastiCacheSample } from './sample/elasticache.js';
import { applyS3Sample } from './sample/s3.js';

export const SAMPLE_ACCOUNT_ID = '123456789012';
export const SAMPLE_REGIONS: readonly string[] = ['eu-west-1', 'us-east-1'];

export function sampleAccount(): MemoryAccount {
  const account: MemoryAccount = {
    accountId: SAMPLE_ACCOUNT_ID,
    s3: { buckets: [] },
    budgets: emptyBudgetsState(),
    regions: Object.fromEntries(SAMPLE_REGIONS.map((region) => [region, emptyRegion()])),
  };
  applyS3Sample(account);
  applyBudgetsSample(account);
  applyCloudWatchSample(account);
  applyElastiCacheSample(account);
  return account;
}

export {};
