/** Resource identity: ARNs that are unique across accounts and regions, and the short names people read. */
import { GLOBAL_REGION, type ResourceType } from './model.js';

/** A 12-digit AWS account id. */
export const ACCOUNT_ID_PATTERN = /^\d{12}$/;

/** An AWS region name (eu-west-1, us-gov-west-1, cn-northwest-1); `global` is not one. */
export const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/** A region name, or `global` (the region of global services' findings). */
export const REGION_OR_GLOBAL_PATTERN = new RegExp(`^(${GLOBAL_REGION}|${REGION_PATTERN.source.slice(1, -1)})$`);

export interface Location {
  accountId: string;
  /** A real region, or `global`. */
  region: string;
  partition: string;
}

/** The partition of a region: China and GovCloud regions have their own. */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** The region global services (IAM, Budgets, the billing metric) answer in, per partition. */
export function homeRegionOf(partition: string): string {
  if (partition === 'aws-cn') return 'cn-northwest-1';
  if (partition === 'aws-us-gov') return 'us-gov-west-1';
  return 'us-east-1';
}

/**
 * The kind and id of an ARN of the form `arn:<partition>:<service>:<region>:<account>:<kind>:<id>`
 * (RDS `db` / `cluster`, ElastiCache `cluster` / `replicationgroup`) when its kind is one of `kinds`;
 * undefined for anything else, an id holding a colon included.
 */
export function parseKindArn<Kind extends string>(arn: string, service: string, kinds: readonly Kind[]): { kind: Kind; id: string } | undefined {
  const parts = arn.split(':');
  if (parts.length !== 7 || parts[0] !== 'arn' || parts[2] !== service) return undefined;
  const [, , , , , kind, id] = parts;
  if (!kinds.includes(kind as Kind) || !id) return undefined;
  return { kind: kind as Kind, id };
}

type ArnBuilder = (name: string, at: Location) => string;

const ARN_BUILDERS: Partial<Record<ResourceType, ArnBuilder>> = {
  'AWS::S3::Bucket': (name, at) => `arn:${at.partition}:s3:::${name}`,
  'AWS::CloudWatch::Alarm': (name, at) => `arn:${at.partition}:cloudwatch:${at.region}:${at.accountId}:alarm:${name}`,
  'AWS::CloudWatch::Dashboard': (name, at) => `arn:${at.partition}:cloudwatch::${at.accountId}:dashboard/${name}`,
  'AWS::SNS::Topic': (name, at) => `arn:${at.partition}:sns:${at.region}:${at.accountId}:${name}`,
  'AWS::Budgets::Budget': (name, at) => `arn:${at.partition}:budgets::${at.accountId}:budget/${name}`,
  'AWS::ElastiCache::CacheCluster': (name, at) => `arn:${at.partition}:elasticache:${at.region}:${at.accountId}:cluster:${name}`,
  'AWS::ElastiCache::ReplicationGroup': (name, at) => `arn:${at.partition}:elasticache:${at.region}:${at.accountId}:replicationgroup:${name}`,
  'AWS::CloudTrail::Trail': (name, at) => `arn:${at.partition}:cloudtrail:${at.region}:${at.accountId}:trail/${name}`,
  'AWS::DynamoDB::Table': (name, at) => `arn:${at.partition}:dynamodb:${at.region}:${at.accountId}:table/${name}`,
  'AWS::EC2::VPC': (name, at) => `arn:${at.partition}:ec2:${at.region}:${at.accountId}:vpc/${name}`,
  'AWS::EC2::SecurityGroup': (name, at) => `arn:${at.partition}:ec2:${at.region}:${at.accountId}:security-group/${name}`,
  // The log group ARN without the trailing `:*` (the form tagging APIs and logGroupIdentifier take).
  'AWS::Logs::LogGroup': (name, at) => `arn:${at.partition}:logs:${at.region}:${at.accountId}:log-group:${name}`,
};

/** The id of an account-level check: the account, or `account/region` for a regional one. */
export function accountResourceId(at: Location): string {
  return at.region === GLOBAL_REGION ? at.accountId : `${at.accountId}/${at.region}`;
}

/**
 * The unique id of a resource: names that already are ARNs stay as they are; account-level rules use
 * the account id; other types build their ARN.
 */
export function resourceIdOf(type: ResourceType, name: string, at: Location): string {
  if (name.startsWith('arn:')) return name;
  if (type === 'AWS::::Account') return accountResourceId(at);
  const build = ARN_BUILDERS[type];
  return build ? build(name, at) : `${type}/${at.accountId}/${at.region}/${name}`;
}

/** The short name of a resource: the last segment of an ARN, or the name itself. */
export function displayNameOf(name: string): string {
  if (!name.startsWith('arn:')) return name;
  const resource = name.split(':').slice(5).join(':');
  // Load balancers end in an opaque id: `loadbalancer/app/<name>/<id>` reads better as its name.
  const loadBalancer = /^loadbalancer\/(?:app|net|gwy)\/([^/]+)\/[^/]+$/.exec(resource);
  if (loadBalancer?.[1]) return loadBalancer[1];
  // A REST API stage is only meaningful with its API: `restapis/<id>/stages/<name>`.
  const stage = /^\/?restapis\/([^/]+)\/stages\/([^/]+)$/.exec(resource);
  if (stage?.[1] && stage[2]) return `${stage[1]}/${stage[2]}`;
  // Secret names may contain '/': keep the whole name, without the 6-character suffix AWS appends.
  const secret = /^secret:(.+)-[A-Za-z0-9]{6}$/.exec(resource);
  if (secret?.[1]) return secret[1];
  const parts = resource.split(/[:/]/);
  return parts[parts.length - 1] || name;
}
