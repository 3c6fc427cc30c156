/**
 * What each AWS call the readers can make costs in IAM: the SDK command (by AwsApis service) → the IAM
 * actions AWS authorizes it with, and for actions a rule may limit with `iamResources`, the resource ARN
 * the call touches. Checked both ways by test/rules/iam-actions.test.ts (every command the AwsApis
 * implementations can send is here, nothing else is); `runRule` and that test hold each rule to it.
 *
 * Source: the AWS Service Authorization Reference. Most commands are authorized by the action of the same
 * name; the exceptions are the reason this table exists.
 */
import { type ApiProvider, type AwsApis, wrapApis } from '#shared/aws/readers.js';
import { compileGlob } from '#shared/core/glob.js';
import type { RuleMetadata } from '../../src/rules/define-rule.js';

export interface ApiCall {
  /** The AwsApis service key (`s3`, `apigateway`...). */
  service: string;
  /** The SDK command without its `Command` suffix (`GetBucketVersioning`). */
  command: string;
  region: string;
  input: unknown;
}

interface Grant {
  action: string;
  /** The ARN the call is authorized on, for actions that a rule may limit with iamResources. */
  resource?: (call: ApiCall) => string;
}

type Cost = string | readonly (string | Grant)[];

const field = (input: unknown, name: string): string => {
  const value = (input as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : `<no ${name}>`;
};

/** API Gateway's REST API authorizes by HTTP verb on the resource path: GET on /restapis, /restapis/<id>/stages. */
const apigatewayGet = (path: (call: ApiCall) => string): Grant => ({
  action: 'apigateway:GET',
  resource: (call) => `arn:aws:apigateway:${call.region}::${path(call)}`,
});

/** Service → SDK command → IAM actions. */
export const SDK_IAM_ACTIONS: Readonly<Record<keyof AwsApis, Readonly<Record<string, Cost>>>> = {
  s3: {
    ListBuckets: 's3:ListAllMyBuckets',
    GetBucketLocation: 's3:GetBucketLocation',
    GetBucketVersioning: 's3:GetBucketVersioning',
    GetBucketTagging: 's3:GetBucketTagging',
    GetBucketLifecycleConfiguration: 's3:GetLifecycleConfiguration',
    GetBucketReplication: 's3:GetReplicationConfiguration',
  },
  // Every Budgets read is ViewBudget.
  budgets: {
    DescribeBudgets: 'budgets:ViewBudget',
    DescribeNotificationsForBudget: 'budgets:ViewBudget',
    DescribeSubscribersForNotification: 'budgets:ViewBudget',
  },
  cloudwatch: { DescribeAlarms: 'cloudwatch:DescribeAlarms', ListDashboards: 'cloudwatch:ListDashboards' },
  sns: { GetTopicAttributes: 'sns:GetTopicAttributes', ListSubscriptionsByTopic: 'sns:ListSubscriptionsByTopic' },
  elasticache: {
    DescribeCacheClusters: 'elasticache:DescribeCacheClusters',
    DescribeReplicationGroups: 'elasticache:DescribeReplicationGroups',
  },
  cloudtrail: {
    DescribeTrails: 'cloudtrail:DescribeTrails',
    GetTrailStatus: 'cloudtrail:GetTrailStatus',
    GetEventSelectors: 'cloudtrail:GetEventSelectors',
  },
  iam: {
    GetAccountSummary: 'iam:GetAccountSummary',
    ListPolicies: 'iam:ListPolicies',
    GetPolicy: 'iam:GetPolicy',
    GetPolicyVersion: 'iam:GetPolicyVersion',
    ListEntitiesForPolicy: 'iam:ListEntitiesForPolicy',
    ListRoles: 'iam:ListRoles',
    ListUsers: 'iam:ListUsers',
    ListGroups: 'iam:ListGroups',
    ListRolePolicies: 'iam:ListRolePolicies',
    ListUserPolicies: 'iam:ListUserPolicies',
    ListGroupPolicies: 'iam:ListGroupPolicies',
    GetRolePolicy: 'iam:GetRolePolicy',
    GetUserPolicy: 'iam:GetUserPolicy',
    GetGroupPolicy: 'iam:GetGroupPolicy',
  },
  rds: {
    DescribeDBInstances: 'rds:DescribeDBInstances',
    DescribeDBClusters: 'rds:DescribeDBClusters',
    DescribeDBSnapshots: 'rds:DescribeDBSnapshots',
    DescribeDBClusterSnapshots: 'rds:DescribeDBClusterSnapshots',
  },
  ec2: {
    DescribeVpcs: 'ec2:DescribeVpcs',
    DescribeFlowLogs: 'ec2:DescribeFlowLogs',
    DescribeSecurityGroups: 'ec2:DescribeSecurityGroups',
  },
  logs: { DescribeLogGroups: 'logs:DescribeLogGroups' },
  secretsmanager: { ListSecrets: 'secretsmanager:ListSecrets', DescribeSecret: 'secretsmanager:DescribeSecret' },
  acm: { ListCertificates: 'acm:ListCertificates', DescribeCertificate: 'acm:DescribeCertificate' },
  // GetWebACLForResource reads the associated web ACL with GetWebACL (a dependent action): without
  // wafv2:GetWebACL, AWS denies exactly the resources that are protected.
  wafv2: { GetWebACLForResource: ['wafv2:GetWebACLForResource', 'wafv2:GetWebACL'] },
  elbv2: { DescribeLoadBalancers: 'elasticloadbalancing:DescribeLoadBalancers' },
  apigateway: {
    GetRestApis: [apigatewayGet(() => '/restapis')],
    GetStages: [apigatewayGet((call) => `/restapis/${field(call.input, 'restApiId')}/stages`)],
  },
  // SES API v2 (sesv2 client) keeps the ses: prefix.
  ses: { GetAccount: 'ses:GetAccount', ListEmailIdentities: 'ses:ListEmailIdentities' },
  dynamodb: { ListTables: 'dynamodb:ListTables', DescribeContinuousBackups: 'dynamodb:DescribeContinuousBackups' },
};

/** The grants one call needs; throws when the table does not know the command (the table test catches that first). */
export function grantsOf(call: ApiCall): Grant[] {
  const cost = (SDK_IAM_ACTIONS as Record<string, Record<string, Cost> | undefined>)[call.service]?.[call.command];
  if (cost === undefined) throw new Error(`${call.service} ${call.command} is not in SDK_IAM_ACTIONS (test/helpers/iam-actions.ts)`);
  return (typeof cost === 'string' ? [cost] : cost).map((g) => (typeof g === 'string' ? { action: g } : g));
}

type RuleGrants = Pick<RuleMetadata, 'id' | 'iamActions' | 'iamResources'>;

/** Why a call is outside what the rule declares: one line per missing action or resource. */
export function undeclared(rule: RuleGrants, calls: readonly ApiCall[]): string[] {
  const problems = new Set<string>();
  for (const call of calls) {
    for (const grant of grantsOf(call)) {
      const what = `rule ${rule.id} calls ${call.service} ${call.command}`;
      if (!rule.iamActions.includes(grant.action)) {
        problems.add(`${what}, which needs ${grant.action}: missing from its iamActions`);
        continue;
      }
      const limits = rule.iamResources?.[grant.action];
      if (!limits) continue;
      const arn = grant.resource?.(call);
      if (arn === undefined) problems.add(`${what}: its ${grant.action} is limited by iamResources, and the table cannot tell its resource`);
      else if (!limits.some((pattern) => compileGlob(pattern).test(arn))) {
        problems.add(`${what}, which needs ${grant.action} on ${arn}: outside its iamResources (${limits.join(', ')})`);
      }
    }
  }
  return [...problems];
}

/** The actions a list of calls exercised. */
export function actionsOf(calls: readonly ApiCall[]): Set<string> {
  return new Set(calls.flatMap((call) => grantsOf(call).map((g) => g.action)));
}

/** SDK operation of an AwsApis method: `getBucketVersioning` → `GetBucketVersioning` (the table test proves it). */
export const commandOfMethod = (method: string): string => method.charAt(0).toUpperCase() + method.slice(1);

/** An ApiProvider that tells `onCall` every AwsApis method called through it, then calls it. */
export function recordingApis(apis: ApiProvider, onCall: (call: ApiCall) => void): ApiProvider {
  return wrapApis(apis, (service, region, api) => {
    const methods = Object.entries(api as Record<string, (input: unknown) => Promise<unknown>>).map(([method, call]) => [
      method,
      (input: unknown) => {
        onCall({ service, command: commandOfMethod(method), region, input });
        return call(input);
      },
    ]);
    return Object.fromEntries(methods);
  });
}
