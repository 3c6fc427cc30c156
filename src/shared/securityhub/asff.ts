/**
 * A stored finding as an AWS Security Finding Format (ASFF) document for BatchImportFindings, through
 * the account's own "default" product (a custom integration). The document is a pure function of the
 * finding's state and of the export's time: `UpdatedAt` is the later of the last status change and the
 * finding's latest weekly refresh instant (refresh.ts), so it only moves forward, and re-importing the
 * same state is harmless, which is what makes retrying a failed export safe.
 */
import type { AwsSecurityFinding, ComplianceStatus, Partition, ResourceDetails, SeverityLabel, WorkflowStatus } from '@aws-sdk/client-securityhub';
import type { RuleMetadata } from '../../rules/define-rule.js';
import { GLOBAL_REGION, type Severity } from '#shared/core/model.js';
import { homeRegionOf, partitionOf } from '#shared/core/resource-ids.js';
import type { StoredFinding } from '#shared/store/transitions.js';
import { findingUid } from './finding-id.js';
import { updatedAtOf } from './refresh.js';

export const ASFF_SCHEMA_VERSION = '2018-10-08';

/** A resource type Security Hub defines: a member of ASFF's ResourceDetails (`Other` included). */
export type AsffResourceType = keyof ResourceDetails;

/**
 * CloudFormation types → ASFF `Resources[].Type`. Only types Security Hub defines (the compiler checks
 * them against the SDK's ResourceDetails); anything else, the account itself and ElastiCache included,
 * is `Other`, as ASFF asks.
 */
const RESOURCE_TYPES: Readonly<Record<string, AsffResourceType>> = {
  'AWS::S3::Bucket': 'AwsS3Bucket',
  'AWS::CloudWatch::Alarm': 'AwsCloudWatchAlarm',
  'AWS::SNS::Topic': 'AwsSnsTopic',
  'AWS::EC2::VPC': 'AwsEc2Vpc',
  'AWS::EC2::SecurityGroup': 'AwsEc2SecurityGroup',
  'AWS::RDS::DBInstance': 'AwsRdsDbInstance',
  'AWS::RDS::DBCluster': 'AwsRdsDbCluster',
  'AWS::IAM::Policy': 'AwsIamPolicy',
  'AWS::IAM::Role': 'AwsIamRole',
  'AWS::IAM::User': 'AwsIamUser',
  'AWS::CloudTrail::Trail': 'AwsCloudTrailTrail',
  'AWS::DynamoDB::Table': 'AwsDynamoDbTable',
  'AWS::SecretsManager::Secret': 'AwsSecretsManagerSecret',
  'AWS::CertificateManager::Certificate': 'AwsCertificateManagerCertificate',
  'AWS::ElasticLoadBalancingV2::LoadBalancer': 'AwsElbv2LoadBalancer',
  'AWS::ApiGateway::Stage': 'AwsApiGatewayStage',
  'AWS::WAFv2::WebACL': 'AwsWafv2WebAcl',
};

export function asffResourceType(cloudFormationType: string): AsffResourceType {
  return RESOURCE_TYPES[cloudFormationType] ?? 'Other';
}

/** PASS → PASSED, FAIL → FAILED, ERROR (could not tell) → WARNING, NOT_APPLICABLE / resource gone → NOT_AVAILABLE. */
export function complianceStatusOf(finding: Pick<StoredFinding, 'status' | 'evaluatedStatus'>): ComplianceStatus {
  // A suppressed finding is still what the rule said; the suppression shows in Workflow.
  const status = finding.status === 'SUPPRESSED' ? finding.evaluatedStatus : finding.status;
  switch (status) {
    case 'PASS':
      return 'PASSED';
    case 'FAIL':
      return 'FAILED';
    case 'ERROR':
      return 'WARNING';
    default:
      return 'NOT_AVAILABLE';
  }
}

/** NEW while something is wrong, RESOLVED once it passes or the resource is gone, SUPPRESSED for an accepted risk. */
export function workflowStatusOf(finding: Pick<StoredFinding, 'status'>): WorkflowStatus {
  if (finding.status === 'FAIL' || finding.status === 'ERROR') return 'NEW';
  if (finding.status === 'SUPPRESSED') return 'SUPPRESSED';
  return 'RESOLVED';
}

/** The Workflow a change needs set after creation: when it suppressed the finding, or ended its suppression. */
export function workflowChangeOf(finding: StoredFinding): WorkflowStatus | undefined {
  const last = finding.history.at(-1);
  // A finding created by this change gets its Workflow from the import itself.
  if (!last || last.from === null) return undefined;
  if (last.to !== 'SUPPRESSED' && last.from !== 'SUPPRESSED') return undefined;
  return workflowStatusOf(finding);
}

/** Security Hub's convention: a passed (or moot) check is INFORMATIONAL; a problem carries the rule's severity. */
export function severityLabelOf(finding: Pick<StoredFinding, 'status' | 'severity'>): SeverityLabel {
  const informational = finding.status === 'PASS' || finding.status === 'NOT_APPLICABLE' || finding.status === 'RESOLVED';
  return informational ? 'INFORMATIONAL' : (finding.severity satisfies Severity);
}

/** "S3.14" → the control's page in the Security Hub user guide. */
export function controlUrl(controlId: string): string | undefined {
  const match = /^([A-Za-z0-9]+)\.(\d+)$/.exec(controlId);
  if (!match?.[1] || !match[2]) return undefined;
  const service = match[1].toLowerCase();
  return `https://docs.aws.amazon.com/securityhub/latest/userguide/${service}-controls.html#${service}-${match[2]}`;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** ASFF Resources[].Id: the ARN, or `AWS::::Account:<id>` for an account-level check (as Security Hub writes it). */
function resourceIdOf(finding: StoredFinding): string {
  if (finding.resourceType === 'AWS::::Account') return `AWS::::Account:${finding.accountId}`;
  return finding.resourceId;
}

export interface AsffContext {
  /** The region the findings are imported into (the deployment's Security Hub region). */
  region: string;
  /** The account calling BatchImportFindings: owner of the default product. */
  productAccountId: string;
}

export type AsffRule = Pick<RuleMetadata, 'id' | 'title' | 'description' | 'severity' | 'controls' | 'remediation' | 'checklist'>;

export function productArn(context: AsffContext): string {
  const partition = partitionOf(context.region);
  return `arn:${partition}:securityhub:${context.region}:${context.productAccountId}:product/${context.productAccountId}/default`;
}

/** `now`: the export's time, for `UpdatedAt`'s refresh instant (without it, `UpdatedAt` is the last status change). */
export function toAsff(finding: StoredFinding, rule: AsffRule | undefined, context: AsffContext, now?: Date): AwsSecurityFinding {
  const partition = partitionOf(context.region) as Partition;
  const securityHub = rule?.controls.securityHub ?? [];
  const types = ['Software and Configuration Checks/AWS Security Best Practices/Production Readiness'];
  if (securityHub.length > 0) types.push('Software and Configuration Checks/Industry and Regulatory Standards/AWS-Foundational-Security-Best-Practices');
  const label = severityLabelOf(finding);
  const severity = { Label: label, Original: finding.severity };
  const fields: Record<string, string> = {
    'preflight/RuleId': finding.ruleId,
    'preflight/Status': finding.status,
    'preflight/EvaluatedStatus': finding.evaluatedStatus,
    'preflight/ResourceName': finding.resourceName,
    'preflight/ResourceType': finding.resourceType,
    'preflight/Region': finding.region,
  };
  if (securityHub[0]) {
    fields.ControlId = securityHub[0];
    fields['preflight/SecurityHubControls'] = securityHub.join(',');
  }
  if (rule?.controls.awsConfig) fields['preflight/AwsConfigRule'] = rule.controls.awsConfig;
  if (rule?.checklist.item) fields['preflight/Checklist'] = clip(rule.checklist.item, 2048);
  if (finding.suppression) fields['preflight/SuppressionReason'] = clip(finding.suppression.reason, 2048);
  if (finding.suppression?.expiresAt) fields['preflight/SuppressionExpiresAt'] = finding.suppression.expiresAt;
  if (Object.keys(finding.evidence ?? {}).length > 0) fields['preflight/Evidence'] = clip(JSON.stringify(finding.evidence), 2048);

  const recommendation = rule ? clip(`${rule.remediation.text} ${rule.remediation.cli}`, 512) : 'See the rule in `preflight rules`.';
  const url = securityHub[0] ? controlUrl(securityHub[0]) : undefined;
  const resourceRegion = finding.region === GLOBAL_REGION ? homeRegionOf(partition) : finding.region;
  const requirements = [...securityHub.map((id) => `AWS Foundational Security Best Practices ${id}`), ...(rule?.controls.other ?? [])];

  return {
    SchemaVersion: ASFF_SCHEMA_VERSION,
    Id: findingUid(finding.ruleId, finding.resourceId),
    ProductArn: productArn(context),
    ProductName: 'Preflight',
    CompanyName: 'Preflight',
    GeneratorId: `preflight/${finding.ruleId}`,
    AwsAccountId: finding.accountId,
    // No top-level Region: Security Hub sets it to the region the finding is imported into.
    Types: types,
    FirstObservedAt: finding.firstSeenAt,
    CreatedAt: finding.firstSeenAt,
    // The last status change or the latest refresh instant, never the last evaluation: an unchanged
    // finding re-imports as the same record until its weekly refresh moves it forward.
    UpdatedAt: now ? updatedAtOf(finding, now) : finding.lastChangedAt,
    Severity: severity,
    // Providers update severity and types through FindingProviderFields once the finding exists.
    FindingProviderFields: { Severity: severity, Types: types },
    Title: clip(rule?.title ?? finding.ruleId, 256),
    Description: clip(rule ? `${finding.reason}. ${rule.description}` : finding.reason, 1024),
    Remediation: { Recommendation: { Text: recommendation, ...(url ? { Url: url } : {}) } },
    ProductFields: fields,
    Resources: [{ Type: asffResourceType(finding.resourceType), Id: resourceIdOf(finding), Partition: partition, Region: resourceRegion }],
    Compliance: { Status: complianceStatusOf(finding), ...(requirements.length > 0 ? { RelatedRequirements: requirements } : {}) },
    Workflow: { Status: workflowStatusOf(finding) },
    RecordState: finding.status === 'RESOLVED' ? 'ARCHIVED' : 'ACTIVE',
  };
}
