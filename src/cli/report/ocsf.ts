/**
 * `--format ocsf`: a JSON array of OCSF 1.3 Compliance Finding events (class_uid 2003), one per
 * finding, shaped like Prowler's OCSF output (metadata.product, finding_info, resources, cloud,
 * remediation, status_code / status_detail) so the same pipelines (Security Lake, SIEMs) ingest it.
 */
import { partitionOf } from '../../shared/resource-ids.js';
import { findingUid } from '../../shared/securityhub/finding-id.js';
import type { FindingStatus, Severity } from '../../shared/model.js';
import type { ReportFinding, RuleInfo, ScanReport } from './model.js';

export const OCSF_VERSION = '1.3.0';
const CLASS_UID = 2003;

const SEVERITY: Readonly<Record<Severity, { id: number; name: string }>> = {
  LOW: { id: 2, name: 'Low' },
  MEDIUM: { id: 3, name: 'Medium' },
  HIGH: { id: 4, name: 'High' },
  CRITICAL: { id: 5, name: 'Critical' },
};

/** compliance.status_id: 1 Pass, 2 Warning (the check could not complete), 3 Fail, 99 Other. */
function complianceStatus(status: ReportFinding['evaluatedStatus'] | FindingStatus): { id: number; name: string } {
  switch (status) {
    case 'PASS':
      return { id: 1, name: 'Pass' };
    case 'FAIL':
      return { id: 3, name: 'Fail' };
    case 'ERROR':
      return { id: 2, name: 'Warning' };
    default:
      return { id: 99, name: status === 'RESOLVED' ? 'Resolved' : 'Not Applicable' };
  }
}

/** The finding's own status_id: 1 New, 3 Suppressed, 4 Resolved (the resource is gone). */
function findingStatus(status: FindingStatus): { id: number; name: string } {
  if (status === 'SUPPRESSED') return { id: 3, name: 'Suppressed' };
  if (status === 'RESOLVED') return { id: 4, name: 'Resolved' };
  return { id: 1, name: 'New' };
}

export interface OcsfOptions {
  productVersion: string;
}

export function toOcsf(finding: ReportFinding, rule: RuleInfo | undefined, options: OcsfOptions): Record<string, unknown> {
  const evaluated = finding.evaluatedStatus ?? finding.status;
  const compliance = complianceStatus(evaluated);
  const status = findingStatus(finding.status);
  // A deleted resource closes its finding; everything else is a point-in-time observation.
  const activity = finding.status === 'RESOLVED' ? { id: 3, name: 'Close' } : { id: 1, name: 'Create' };
  const time = Date.parse(finding.evaluatedAt);
  const region = finding.region === 'global' ? undefined : finding.region;
  const securityHub = rule?.controls.securityHub ?? [];
  const requirements = [
    ...securityHub.map((id) => `AWS Foundational Security Best Practices ${id}`),
    ...(rule?.controls.awsConfig ? [`AWS Config ${rule.controls.awsConfig}`] : []),
    ...(rule?.controls.other ?? []),
  ];
  const uid = findingUid(finding.ruleId, finding.resourceId);
  return {
    message: finding.reason,
    metadata: {
      event_code: finding.ruleId,
      product: { name: 'Preflight', uid: 'preflight', vendor_name: 'Preflight', version: options.productVersion },
      profiles: ['cloud', 'datetime'],
      tenant_uid: finding.accountId,
      uid,
      version: OCSF_VERSION,
    },
    severity_id: SEVERITY[finding.severity].id,
    severity: SEVERITY[finding.severity].name,
    status_id: status.id,
    status: status.name,
    status_code: evaluated,
    status_detail: finding.reason,
    activity_id: activity.id,
    activity_name: activity.name,
    category_uid: 2,
    category_name: 'Findings',
    class_uid: CLASS_UID,
    class_name: 'Compliance Finding',
    type_uid: CLASS_UID * 100 + activity.id,
    type_name: `Compliance Finding: ${activity.name}`,
    time,
    time_dt: finding.evaluatedAt,
    compliance: {
      control: securityHub[0] ?? finding.ruleId,
      requirements,
      standards: securityHub.length > 0 ? ['AWS Foundational Security Best Practices', 'Preflight production readiness'] : ['Preflight production readiness'],
      status_id: compliance.id,
      status: compliance.name,
      status_code: evaluated,
      status_detail: finding.reason,
    },
    finding_info: {
      uid,
      title: rule?.title ?? finding.ruleId,
      desc: rule?.description ?? '',
      types: ['Software and Configuration Checks/AWS Security Best Practices/Production Readiness'],
      product_uid: 'preflight',
      created_time: time,
      created_time_dt: finding.evaluatedAt,
    },
    resources: [
      {
        uid: finding.resourceId,
        name: finding.resourceName,
        type: finding.resourceType,
        region: finding.region,
        cloud_partition: partitionOf(region ?? 'us-east-1'),
        group: { name: finding.resourceType.split('::')[1] || 'Account' },
        data: { evidence: finding.evidence },
      },
    ],
    cloud: {
      provider: 'AWS',
      region: finding.region,
      account: { uid: finding.accountId, type: 'AWS Account', type_id: 10 },
    },
    remediation: {
      desc: rule?.remediation.text ?? '',
      references: rule?.remediation.cli ? [rule.remediation.cli] : [],
    },
    unmapped: {
      checklist: rule?.checklist ?? null,
      ...(finding.suppression ? { suppression: finding.suppression } : {}),
    },
  };
}

export function renderOcsf(report: ScanReport, rules: readonly RuleInfo[]): string {
  const byId = new Map(rules.map((r) => [r.id, r]));
  const events = report.findings.map((f) => toOcsf(f, byId.get(f.ruleId), { productVersion: report.version }));
  return `${JSON.stringify(events, null, 2)}\n`;
}

export {};
