/**
 * A rule's remediation command with what the finding knows filled in: `--bucket <bucket>` becomes
 * `--bucket old-logs`. Only placeholders that name the finding's own resource (checked against its type
 * and, where the command wants one kind of resource, its ARN), its account and its region are filled;
 * every other placeholder (`<email>`, `<kms-key>`) is left for the reader. Values are shell-quoted:
 * resource names come from the scanned account and may hold any character. A name with control
 * characters is not filled in: reports drop those characters, so the command shown would name another
 * resource.
 */
import { GLOBAL_REGION } from '#shared/core/model.js';
import type { ReportFinding } from './model.js';
import { ACCOUNT_ID_PATTERN, REGION_PATTERN } from '#shared/core/resource-ids.js';

type Target = Pick<ReportFinding, 'resourceType' | 'resourceId' | 'resourceName' | 'accountId' | 'region'>;

/** `value` if `arn` is an ARN of this kind (`:db:`, `:replicationgroup:`), else nothing. */
const ifArn = (pattern: RegExp, value: (f: Target) => string | undefined) => (f: Target) => (pattern.test(f.resourceId) ? value(f) : undefined);
const name = (f: Target) => f.resourceName;
const arn = (f: Target) => f.resourceId;
const arnSuffix = (prefix: string) => (f: Target) => f.resourceId.split(prefix)[1];

/** Per resource type: the placeholder that names the resource in its rules' commands, and its value. */
const RESOURCE_PLACEHOLDERS: Readonly<Record<string, { placeholder: string; value: (f: Target) => string | undefined }>> = {
  'AWS::S3::Bucket': { placeholder: '<bucket>', value: ifArn(/^arn:[^:]+:s3:::/, name) },
  'AWS::Budgets::Budget': { placeholder: '<budget>', value: ifArn(/:budget\//, name) },
  'AWS::CloudWatch::Alarm': { placeholder: '<alarm>', value: ifArn(/:alarm:/, name) },
  'AWS::SNS::Topic': { placeholder: '<topic-arn>', value: ifArn(/^arn:[^:]+:sns:/, arn) },
  'AWS::ElastiCache::ReplicationGroup': { placeholder: '<id>', value: ifArn(/:replicationgroup:/, name) },
  'AWS::ElastiCache::CacheCluster': { placeholder: '<id>', value: ifArn(/:cluster:/, name) },
  'AWS::CloudTrail::Trail': { placeholder: '<trail>', value: ifArn(/:trail\//, arn) },
  'AWS::IAM::Policy': { placeholder: '<policy-arn>', value: ifArn(/^arn:[^:]+:iam::\d{12}:policy\//, arn) },
  'AWS::RDS::DBInstance': { placeholder: '<id>', value: ifArn(/:db:/, name) },
  'AWS::DynamoDB::Table': { placeholder: '<table>', value: ifArn(/:table\//, name) },
  'AWS::EC2::VPC': { placeholder: '<vpc-id>', value: ifArn(/:vpc\/vpc-/, arnSuffix(':vpc/')) },
  'AWS::EC2::SecurityGroup': { placeholder: '<sg-id>', value: ifArn(/:security-group\/sg-/, arnSuffix(':security-group/')) },
  'AWS::Logs::LogGroup': { placeholder: '<log-group>', value: ifArn(/:log-group:/, name) },
  'AWS::SecretsManager::Secret': { placeholder: '<secret-arn>', value: ifArn(/:secret:/, arn) },
  'AWS::CertificateManager::Certificate': { placeholder: '<certificate-arn>', value: ifArn(/:certificate\//, arn) },
  'AWS::ElasticLoadBalancingV2::LoadBalancer': { placeholder: '<alb-or-stage-arn>', value: ifArn(/^arn:/, arn) },
};

const UNPRINTABLE = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

/** A word the shell reads as itself, or the value in single quotes. */
export function shellQuote(value: string): string {
  return /^[A-Za-z0-9@%+=:,./_-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

export function fixCommand(cli: string, finding: Target): string {
  const values = new Map<string, string>();
  if (ACCOUNT_ID_PATTERN.test(finding.accountId)) values.set('<account-id>', finding.accountId);
  if (finding.region !== GLOBAL_REGION && REGION_PATTERN.test(finding.region)) values.set('<region>', finding.region);
  const own = RESOURCE_PLACEHOLDERS[finding.resourceType];
  const resource = own?.value(finding);
  if (own && resource && !UNPRINTABLE.test(resource)) values.set(own.placeholder, resource);
  return cli.replace(/<[a-z][a-z0-9-]*>/g, (placeholder) => {
    const value = values.get(placeholder);
    return value === undefined ? placeholder : shellQuote(value);
  });
}
