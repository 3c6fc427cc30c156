/** The verdicts the sample-account test expects over the wire, and the differences moto is known for. */
import type { FindingStatus } from '#shared/core/model.js';

/** A verdict on one side; `absent` when that side has no finding for the (rule, resource). */
export type SideStatus = FindingStatus | 'absent';

export interface Side {
  memory: SideStatus;
  moto: SideStatus;
}

/**
 * What `preflight scan` must say about each (rule, `region name`) of the seeded scenario, as moto serves
 * it. Resources moto names itself are shown by their in-memory id (sg-0web, vpc-0prod...). Where moto
 * departs from AWS the verdict follows moto, and the comment says why (see MOTO_DIVERGENCES).
 */
export const EXPECTED_BY_RULE: Record<string, Record<string, FindingStatus>> = {
  'acm-certificate-not-expiring': {
    // Certificates by their in-memory id; moto's copies are self-signed with the same validity dates.
    'eu-west-1 0a9b8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d': 'FAIL',
    'eu-west-1 11111111-2222-4333-8444-555555555555': 'FAIL',
    'eu-west-1 66666666-7777-4888-9999-000000000000': 'NOT_APPLICABLE',
    'eu-west-1 6f1c2a4e-8b3d-4e5f-9a70-1b2c3d4e5f60': 'PASS',
    'us-east-1 123456789012/us-east-1': 'NOT_APPLICABLE',
  },
  'budget-alert-subscribers': {
    'global edge-forecast-only': 'ERROR', // moto lacks DescribeSubscribersForNotification: ERROR, never PASS
    'global edge-usage': 'NOT_APPLICABLE',
    'global ml-inference-monthly': 'ERROR',
    'global monthly-cost': 'ERROR',
  },
  'budget-alert-thresholds': {
    'global edge-forecast-only': 'FAIL',
    'global edge-usage': 'NOT_APPLICABLE', // a usage budget: no cost alert thresholds to judge
    'global ml-inference-monthly': 'PASS',
    'global monthly-cost': 'FAIL',
  },
  'budget-cost-budget-exists': {
    'global 123456789012': 'PASS',
  },
  'cloudtrail-log-file-validation': {
    'eu-west-1 app-audit': 'PASS',
    'us-east-1 edge-stopped': 'PASS',
    'us-east-1 org-trail': 'FAIL',
  },
  'cloudtrail-multi-region-logging': {
    'global 123456789012': 'PASS',
  },
  'cloudwatch-alarm-action-configured': {
    'eu-west-1 api-5xx-rate': 'PASS',
    'eu-west-1 api-degraded': 'PASS',
    'eu-west-1 daily-cost-exceeded': 'PASS',
    'eu-west-1 edge-deleted-topic': 'PASS',
    'eu-west-1 edge-ok-only': 'FAIL',
    'eu-west-1 edge-silent-topic': 'PASS',
    'eu-west-1 prediction-p95-latency': 'PASS',
    'eu-west-1 worker-queue-depth': 'FAIL',
    'us-east-1 billing-estimated-charges': 'PASS',
  },
  'cloudwatch-alarm-topic-subscribed': {
    'eu-west-1 billing-alerts': 'PASS', // moto confirms every subscription at once (FAIL in AWS: the email is PendingConfirmation)
    'eu-west-1 edge-no-subscribers': 'FAIL',
    'eu-west-1 edge-was-deleted': 'FAIL',
    'eu-west-1 ops-alerts': 'PASS',
    'us-east-1 account-billing': 'PASS',
  },
  'cloudwatch-billing-alarm-exists': {
    'global 123456789012': 'PASS',
  },
  'cloudwatch-dashboard-exists': {
    'global 123456789012': 'PASS',
  },
  'dynamodb-pitr-enabled': {
    'eu-west-1 edge-short-pitr': 'PASS',
    'eu-west-1 events-raw': 'FAIL',
    'eu-west-1 sessions': 'PASS',
    'us-east-1 123456789012/us-east-1': 'NOT_APPLICABLE',
  },
  'ec2-sg-no-open-admin-ports': {
    'eu-west-1 sg-0alltrafficv6': 'FAIL',
    'eu-west-1 sg-0app': 'PASS',
    'eu-west-1 sg-0bastion': 'FAIL',
    'eu-west-1 sg-0edgeprivate': 'PASS',
    'eu-west-1 sg-0edgerange': 'FAIL',
    'eu-west-1 sg-0edgeudp': 'FAIL',
    'eu-west-1 sg-0web': 'PASS',
    'us-east-1 123456789012/us-east-1': 'NOT_APPLICABLE',
  },
  'elasticache-auto-minor-version-upgrade': {
    'eu-west-1 edge-memcached': 'PASS',
    'eu-west-1 edge-no-upgrades': 'FAIL',
    'eu-west-1 retainwise-cache': 'PASS',
    'us-east-1 123456789012/us-east-1': 'NOT_APPLICABLE',
  },
  'elasticache-automatic-backup': {
    'eu-west-1 edge-bare-group': 'FAIL',
    'eu-west-1 edge-memcached': 'NOT_APPLICABLE',
    'eu-west-1 edge-no-upgrades': 'PASS',
    'eu-west-1 retainwise-cache': 'FAIL',
    'eu-west-1 sessions': 'PASS',
    'us-east-1 123456789012/us-east-1': 'NOT_APPLICABLE',
  },
  'elasticache-automatic-failover': {
    'eu-west-1 edge-bare-group': 'FAIL',
    'eu-west-1 sessions': 'PASS',
    'us-east-1 123456789012/us-east-1': 'NOT_APPLICABLE',
  },
  'elasticache-cache-available': {
    'eu-west-1 123456789012/eu-west-1': 'PASS',
    'us-east-1 123456789012/us-east-1': 'FAIL',
  },
  'elasticache-encrypted-at-rest': {
    'eu-west-1 edge-bare-group': 'FAIL',
    'eu-west-1 sessions': 'PASS',
    'us-east-1 123456789012/us-east-1': 'NOT_APPLICABLE',
  },
  'elasticache-encrypted-in-transit': {
    'eu-west-1 edge-bare-group': 'FAIL',
    'eu-west-1 edge-memcached': 'FAIL',
    'eu-west-1 edge-no-upgrades': 'PASS',
    'eu-west-1 retainwise-cache': 'FAIL',
    'eu-west-1 sessions': 'PASS',
    'us-east-1 123456789012/us-east-1': 'NOT_APPLICABLE',
  },
  'elasticache-non-default-subnet-group': {
    'eu-west-1 edge-memcached': 'PASS',
    'eu-west-1 edge-no-upgrades': 'PASS',
    'eu-west-1 retainwise-cache': 'FAIL',
    'us-east-1 123456789012/us-east-1': 'NOT_APPLICABLE',
  },
  'iam-no-admin-policy': {
    'global AdministratorAccess-legacy': 'FAIL',
    'global edge-delete-bucket': 'PASS',
    'global edge-not-action': 'FAIL',
    'global retainwise-app-least-privilege': 'PASS',
    'global role/ecsTaskExecutionRole/s3-access': 'PASS',
    'global user/edge-ci/put-anywhere': 'PASS',
  },
  // moto answers ListEntitiesForPolicy of AWS's AdministratorAccess (MOTO_IAM_LOAD_MANAGED_POLICIES=true).
  'iam-no-aws-managed-admin-attached': {
    'global user/ops-admin': 'FAIL',
  },
  'iam-no-broad-s3-actions': {
    'global AdministratorAccess-legacy': 'FAIL',
    'global AmazonS3ReadOnlyAccess': 'PASS',
    'global retainwise-app-least-privilege': 'PASS',
    'global role/ecsTaskExecutionRole/s3-access': 'FAIL',
  },
  'iam-root-mfa': {
    'global 123456789012': 'FAIL', // moto always reports AccountMFAEnabled 0
  },
  'logs-retention-set': {
    'eu-west-1 /aws/ecs/retainwise-worker': 'FAIL',
    'eu-west-1 /aws/lambda/retainwise-api': 'PASS',
    'eu-west-1 /edge/too-long': 'FAIL',
    'eu-west-1 /edge/too-short': 'FAIL',
    'eu-west-1 /vpc/flow-logs/retainwise-prod': 'PASS',
    'us-east-1 123456789012/us-east-1': 'NOT_APPLICABLE',
  },
  'rds-backup-retention': {
    'eu-west-1 analytics-db': 'FAIL',
    'eu-west-1 edge-short-backups': 'FAIL',
    'eu-west-1 reporting': 'PASS',
    'eu-west-1 retainwise-db': 'PASS',
    'us-east-1 123456789012/us-east-1': 'NOT_APPLICABLE',
  },
  'rds-multi-az': {
    'eu-west-1 analytics-db': 'FAIL',
    'eu-west-1 edge-short-backups': 'FAIL',
    'eu-west-1 reporting': 'PASS',
    'eu-west-1 retainwise-db': 'PASS',
    'us-east-1 123456789012/us-east-1': 'NOT_APPLICABLE',
  },
  'rds-recent-snapshot': {
    'eu-west-1 analytics-db': 'PASS', // moto dates every snapshot now (the sample's is 45 days old)
    'eu-west-1 edge-short-backups': 'PASS',
    'eu-west-1 reporting': 'PASS',
    'eu-west-1 retainwise-db': 'PASS',
    'us-east-1 123456789012/us-east-1': 'NOT_APPLICABLE',
  },
  'rds-storage-encrypted': {
    'eu-west-1 analytics-db': 'FAIL',
    'eu-west-1 edge-short-backups': 'PASS',
    'eu-west-1 reporting': 'PASS',
    'eu-west-1 retainwise-db': 'PASS',
    'us-east-1 123456789012/us-east-1': 'NOT_APPLICABLE',
  },
  's3-bucket-lifecycle-configured': {
    'eu-west-1 edge-disabled-rules': 'FAIL',
    'eu-west-1 prod-data': 'FAIL',
    'eu-west-1 retainwise-backups': 'PASS',
    'eu-west-1 retainwise-logs': 'PASS',
    'eu-west-1 retainwise-uploads': 'FAIL',
    'us-east-1 edge-plain-us': 'FAIL',
    'us-east-1 retainwise-backups-us': 'FAIL',
  },
  's3-bucket-mfa-delete-enabled': {
    'eu-west-1 edge-disabled-rules': 'FAIL',
    'eu-west-1 prod-data': 'FAIL',
    'eu-west-1 retainwise-backups': 'FAIL',
    'eu-west-1 retainwise-logs': 'FAIL',
    'eu-west-1 retainwise-uploads': 'FAIL', // moto keeps no MFADelete
    'us-east-1 edge-plain-us': 'FAIL',
    'us-east-1 retainwise-backups-us': 'FAIL',
  },
  's3-bucket-replication': {
    'eu-west-1 edge-disabled-rules': 'FAIL',
    'eu-west-1 prod-data': 'FAIL',
    'eu-west-1 retainwise-backups': 'PASS',
    'eu-west-1 retainwise-logs': 'NOT_APPLICABLE',
    'eu-west-1 retainwise-uploads': 'NOT_APPLICABLE',
    'us-east-1 edge-plain-us': 'NOT_APPLICABLE',
    'us-east-1 retainwise-backups-us': 'NOT_APPLICABLE',
  },
  's3-bucket-versioning-enabled': {
    'eu-west-1 edge-disabled-rules': 'PASS',
    'eu-west-1 prod-data': 'PASS',
    'eu-west-1 retainwise-backups': 'PASS',
    'eu-west-1 retainwise-logs': 'FAIL',
    'eu-west-1 retainwise-uploads': 'PASS',
    'us-east-1 edge-plain-us': 'FAIL',
    'us-east-1 retainwise-backups-us': 'FAIL',
  },
  'secretsmanager-rotation-enabled': {
    'eu-west-1 edge/slow-rotation': 'PASS',
    'eu-west-1 retainwise/prod/database': 'PASS',
    'eu-west-1 retainwise/prod/stripe-api-key': 'FAIL',
    'us-east-1 123456789012/us-east-1': 'NOT_APPLICABLE',
  },
  'ses-production-access': {
    'eu-west-1 123456789012/eu-west-1': 'ERROR', // moto lacks SES v2 GetAccount: ERROR, never PASS
    'us-east-1 123456789012/us-east-1': 'ERROR',
  },
  'vpc-flow-logs-enabled': {
    'eu-west-1 vpc-0edge': 'PASS',
    'eu-west-1 vpc-0legacy': 'FAIL',
    'eu-west-1 vpc-0prod': 'PASS',
    'us-east-1 123456789012/us-east-1': 'NOT_APPLICABLE',
  },
  'wafv2-webacl-associated': {
    'eu-west-1 internal-jobs': 'NOT_APPLICABLE', // internal ALB: listed, out of scope (edge-public-nlb: no finding)
    'eu-west-1 public-api': 'FAIL',
    'eu-west-1 r3t41nw1se/prod': 'PASS',
    'us-east-1 123456789012/us-east-1': 'NOT_APPLICABLE',
  },
};

/** EXPECTED_BY_RULE as `rule region name` → status. */
export const EXPECTED_OVER_THE_WIRE: Record<string, FindingStatus> = Object.fromEntries(
  Object.entries(EXPECTED_BY_RULE).flatMap(([ruleId, verdicts]) => Object.entries(verdicts).map(([resource, status]) => [`${ruleId} ${resource}`, status])),
);

const NO_SUBSCRIBERS_API = 'moto does not implement Budgets DescribeSubscribersForNotification (it answers an HTML 500): the rule says ERROR, never PASS';
const NO_SES_ACCOUNT_API = 'moto does not implement SES v2 GetAccount (it answers an HTML 500): the rule says ERROR, never PASS';
const MEMBERS_NOT_LISTED =
  "moto's DescribeCacheClusters does not list a replication group's member clusters; AWS does (ShowCacheClustersNotInReplicationGroups exists to leave them out)";

/**
 * Where moto and the in-memory account disagree, and why. Each is moto departing from AWS (or moto
 * unable to hold a fact of the scenario), checked against the AWS documentation: the in-memory side
 * is the one AWS would give. The test fails on any difference not listed here, and on any listed one
 * that disappears (a newer moto may fix it: then drop it from this list).
 */
export const MOTO_DIVERGENCES: Record<string, Side & { why: string }> = {
  'budget-alert-subscribers global edge-forecast-only': { memory: 'PASS', moto: 'ERROR', why: NO_SUBSCRIBERS_API },
  'budget-alert-subscribers global ml-inference-monthly': { memory: 'PASS', moto: 'ERROR', why: NO_SUBSCRIBERS_API },
  'budget-alert-subscribers global monthly-cost': { memory: 'PASS', moto: 'ERROR', why: NO_SUBSCRIBERS_API },
  'ses-production-access eu-west-1 123456789012/eu-west-1': { memory: 'FAIL', moto: 'ERROR', why: NO_SES_ACCOUNT_API },
  'ses-production-access us-east-1 123456789012/us-east-1': { memory: 'NOT_APPLICABLE', moto: 'ERROR', why: NO_SES_ACCOUNT_API },
  'cloudwatch-alarm-topic-subscribed eu-west-1 billing-alerts': {
    memory: 'FAIL',
    moto: 'PASS',
    why: 'moto confirms every subscription at once; SNS lists an email subscription as PendingConfirmation until its owner confirms it',
  },
  'iam-root-mfa global 123456789012': {
    memory: 'PASS',
    moto: 'FAIL',
    why: 'moto always reports AccountMFAEnabled 0 in GetAccountSummary (no API enables the root MFA), so an account with root MFA cannot be seeded',
  },
  's3-bucket-mfa-delete-enabled eu-west-1 retainwise-uploads': {
    memory: 'PASS',
    moto: 'FAIL',
    why: 'moto keeps no MFADelete: GetBucketVersioning never reports it, whatever PutBucketVersioning said',
  },
  'rds-recent-snapshot eu-west-1 analytics-db': {
    memory: 'FAIL',
    moto: 'PASS',
    why: 'moto dates every snapshot at its creation (no 45-day-old snapshot can be seeded), and it takes an automated snapshot of an instance created with BackupRetentionPeriod 0, which RDS does not (0 disables automated backups)',
  },
  'elasticache-auto-minor-version-upgrade eu-west-1 sessions-001': { memory: 'PASS', moto: 'absent', why: MEMBERS_NOT_LISTED },
  'elasticache-auto-minor-version-upgrade eu-west-1 sessions-002': { memory: 'PASS', moto: 'absent', why: MEMBERS_NOT_LISTED },
  'elasticache-auto-minor-version-upgrade eu-west-1 edge-bare-group-001': { memory: 'PASS', moto: 'absent', why: MEMBERS_NOT_LISTED },
  'elasticache-non-default-subnet-group eu-west-1 sessions-001': { memory: 'PASS', moto: 'absent', why: MEMBERS_NOT_LISTED },
  'elasticache-non-default-subnet-group eu-west-1 sessions-002': { memory: 'PASS', moto: 'absent', why: MEMBERS_NOT_LISTED },
  'elasticache-non-default-subnet-group eu-west-1 edge-bare-group-001': { memory: 'PASS', moto: 'absent', why: MEMBERS_NOT_LISTED },
};

/**
 * Rules whose sentences name what moto dates itself (snapshot names and ages: moto takes every snapshot
 * now, the scenario's are hours to days old): their verdicts are compared, not their sentences.
 */
export const REASONS_DATED_BY_MOTO: readonly string[] = ['rds-recent-snapshot'];

/** Same verdict, different sentence (ids and numbers aside): what moto's answers lack, and why. */
export const MOTO_REASON_DIVERGENCES: Record<string, string> = {
  'elasticache-non-default-subnet-group eu-west-1 retainwise-cache':
    "moto reports no CacheSubnetGroupName for a cluster created without one; ElastiCache puts it in the 'default' subnet group and says so",
  'rds-multi-az eu-west-1 retainwise-db': 'moto reports no SecondaryAvailabilityZone (the standby) of a Multi-AZ instance',
  'elasticache-encrypted-in-transit eu-west-1 edge-no-upgrades': 'moto reports no TransitEncryptionMode for a cluster encrypted in transit',
  'rds-storage-encrypted eu-west-1 edge-short-backups': "moto names the default key `default_kms_key_id` instead of the key's ARN",
  's3-bucket-lifecycle-configured eu-west-1 retainwise-uploads': 'moto keeps no MFADelete, so the reason cannot mention it',
};
