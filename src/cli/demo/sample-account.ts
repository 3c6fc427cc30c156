/**
 * The demo's sample account: an in-memory account (see src/shared/memory-account) filled by one
 * sample file per rule family. Sample data, clearly labelled as such wherever it is shown.
 */
import { emptyBudgetsState } from './memory-account/budgets.js';
import { emptyIamState } from './memory-account/iam.js';
import { emptyRegion, type MemoryAccount } from './memory-account/index.js';
import { applyBudgetsSample } from './sample/budgets.js';
import { applyCloudWatchSample } from './sample/cloudwatch.js';
import { applyElastiCacheSample } from './sample/elasticache.js';
import { applyS3Sample } from './sample/s3.js';
import { applyCloudTrailSample } from './sample/cloudtrail.js';
import { applyIamSample } from './sample/iam.js';
import { applyRdsSample } from './sample/rds.js';
import { applyDynamoDbSample } from './sample/dynamodb.js';
import { applyEc2Sample } from './sample/ec2.js';
import { applyLogsSample } from './sample/logs.js';
import { applySecretsManagerSample } from './sample/secretsmanager.js';
import { applyAcmSample } from './sample/acm.js';
import { applyWafv2Sample } from './sample/wafv2.js';
import { applySesSample } from './sample/ses.js';

export const SAMPLE_ACCOUNT_ID = '123456789012';
export const SAMPLE_REGIONS: readonly string[] = ['eu-west-1', 'us-east-1'];

export function sampleAccount(): MemoryAccount {
  const account: MemoryAccount = {
    accountId: SAMPLE_ACCOUNT_ID,
    s3: { buckets: [] },
    budgets: emptyBudgetsState(),
    iam: emptyIamState(),
    regions: Object.fromEntries(SAMPLE_REGIONS.map((region) => [region, emptyRegion()])),
  };
  applyS3Sample(account);
  applyBudgetsSample(account);
  applyCloudWatchSample(account);
  applyElastiCacheSample(account);
  applyCloudTrailSample(account);
  applyIamSample(account);
  applyRdsSample(account);
  applyDynamoDbSample(account);
  applyEc2Sample(account);
  applyLogsSample(account);
  applySecretsManagerSample(account);
  applyAcmSample(account);
  applyWafv2Sample(account);
  applySesSample(account);
  return account;
}
