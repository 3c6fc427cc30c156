/**
 * `--format ocsf`: a JSON array of OCSF 1.3.0 Compliance Finding events (class_uid 2003), one per
 * finding: the class for the result of checking a resource against a control (Prowler's main OCSF
 * output is Detection Finding, 2004, a different class). Each event validates against the OCSF 1.3.0
 * schema (test/cli/report/ocsf-schema.test.ts). For consumers that de-duplicate: `metadata.uid` is
 * this event (one scan's observation of the finding), `finding_info.uid` the finding itself (the rule
 * and the resource, the same every scan); `metadata.correlation_uid` groups the events of one scan.
 */
import { createHash } from 'node:crypto';
import { GLOBAL_REGION, type FindingStatus, type Severity } from '#shared/core/model.js';
import { homeRegionOf, partitionOf } from '#shared/core/resource-ids.js';
import { findingUid } from '#shared/securityhub/finding-id.js';
import { fixCommand } from './fix-command.js';
import type { ReportFinding, ReportRule, ScanReport } from './model.js';

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
  /** The scan the events come from: its account and start time make each event's uid. */
  scan: Pick<ScanReport, 'accountId' | 'startedAt' | 'regions'>;
}

/** A UUID-shaped digest: the same input always gives the same uid, so re-rendering a saved scan does too. */
function digestUid(...parts: string[]): string {
  const hex = createHash('sha256').update(parts.join('\n')).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

const SECURITY_HUB_CONTROL = /^([A-Za-z0-9]+)\.(\d+)$/;

/** Documentation URLs of the rule's Security Hub controls and AWS Config rule (remediation.references holds URLs only). */
function referenceUrls(rule: ReportRule | undefined): string[] {
  const controls = (rule?.controls.securityHub ?? []).flatMap((id) => {
    const match = SECURITY_HUB_CONTROL.exec(id);
    if (!match?.[1] || !match[2]) return [];
    const service = match[1].toLowerCase();
    return [`https://docs.aws.amazon.com/securityhub/latest/userguide/${service}-controls.html#${service}-${match[2]}`];
  });
  const config =
    rule?.controls.awsConfig && /^[a-z0-9-]+$/.test(rule.controls.awsConfig)
      ? [`https://docs.aws.amazon.com/config/latest/developerguide/${rule.controls.awsConfig}.html`]
      : [];
  return [...controls, ...config];
}

/** The remediation text, then the command with the finding's resource filled in. */
function remediationDesc(finding: ReportFinding, rule: ReportRule | undefined): string {
  if (!rule) return '';
  const command = rule.remediation.cli ? ` Command: ${fixCommand(rule.remediation.cli, finding)}` : '';
  return `${rule.remediation.text}${command}`;
}

export function toOcsf(finding: ReportFinding, rule: ReportRule | undefined, options: OcsfOptions): Record<string, unknown> {
  const evaluated = finding.evaluatedStatus ?? finding.status;
  const compliance = complianceStatus(evaluated);
  const status = findingStatus(finding.status);
  // A deleted resource closes its finding; everything else is a point-in-time observation.
  const activity = finding.status === 'RESOLVED' ? { id: 3, name: 'Close' } : { id: 1, name: 'Create' };
  const time = Date.parse(finding.evaluatedAt);
  const region = finding.region === GLOBAL_REGION ? undefined : finding.region;
  // A global finding (IAM, Budgets) was evaluated in the partition's home region: OCSF has no "global" region.
  const cloudRegion = region ?? homeRegionOf(partitionOf(options.scan.regions[0] ?? 'us-east-1'));
  const securityHub = rule?.controls.securityHub ?? [];
  const requirements = [
    ...securityHub.map((id) => `AWS Foundational Security Best Practices ${id}`),
    ...(rule?.controls.awsConfig ? [`AWS Config ${rule.controls.awsConfig}`] : []),
    ...(rule?.controls.other ?? []),
  ];
  const uid = findingUid(finding.ruleId, finding.resourceId);
  const references = referenceUrls(rule);
  return {
    message: finding.reason,
    metadata: {
      correlation_uid: digestUid('scan', options.scan.accountId, options.scan.startedAt),
      event_code: finding.ruleId,
      product: { name: 'Preflight', uid: 'preflight', vendor_name: 'Preflight', version: options.productVersion },
      profiles: ['cloud', 'datetime'],
      tenant_uid: finding.accountId,
      uid: digestUid('event', options.scan.accountId, options.scan.startedAt, uid),
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
        ...(region ? { region } : {}),
        cloud_partition: partitionOf(cloudRegion),
        group: { name: finding.resourceType.split('::')[1] || 'Account' },
        data: { evidence: finding.evidence },
      },
    ],
    cloud: {
      provider: 'AWS',
      region: cloudRegion,
      account: { uid: finding.accountId, type: 'AWS Account', type_id: 10 },
    },
    remediation: {
      desc: remediationDesc(finding, rule),
      ...(references.length > 0 ? { references } : {}),
    },
    unmapped: {
      checklist: rule?.checklist ?? null,
      ...(finding.suppression ? { suppression: finding.suppression } : {}),
    },
  };
}

export function renderOcsf(report: ScanReport, rules: readonly ReportRule[]): string {
  const byId = new Map(rules.map((r) => [r.id, r]));
  const events = report.findings.map((f) => toOcsf(f, byId.get(f.ruleId), { productVersion: report.version, scan: report }));
  return `${JSON.stringify(events, null, 2)}\n`;
}
