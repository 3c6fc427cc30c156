/**
 * What every report format renders: the scan report (also the `--format json` output, and what
 * `preflight report --from` reads back) and the rule metadata beside it.
 */
import type { Rule } from '../../rules/define-rule.js';
import type { RuleInfo as CatalogRule } from '../../rules/rule-info.js';
import type { Finding, FindingStatus, Severity, Suppression } from '#shared/core/model.js';
import type { Readiness, RuleReadiness } from '#shared/core/readiness.js';

/** A finding as reported: SUPPRESSED when a suppression covers a FAIL or ERROR (what the rule said stays in evaluatedStatus). */
export interface ReportFinding extends Omit<Finding, 'status'> {
  status: FindingStatus;
  /** Present on SUPPRESSED findings: what the rule actually said. */
  evaluatedStatus?: Finding['status'];
  suppression?: Pick<Suppression, 'ruleId' | 'resourcePattern' | 'reason' | 'expiresAt'>;
}

export interface ScanReport {
  version: string;
  accountId: string;
  regions: string[];
  startedAt: string;
  finishedAt: string;
  failOn: Severity;
  /** The configuration file applied, if any. */
  config?: string;
  readiness: Readiness;
  findings: ReportFinding[];
}

export const REPORT_FORMATS = ['table', 'json', 'csv', 'ocsf', 'html', 'junit'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** The metadata a report shows about a rule; a saved report may name rules this version does not know. */
export type ReportRule = Pick<CatalogRule, 'id' | 'title' | 'description' | 'severity' | 'checklist' | 'controls' | 'remediation'> & {
  /** A string, not a ResourceType: an unknown rule's type comes from a saved report as written. */
  resourceType: string;
};

/** Rule metadata for every rule the report mentions: the registry's, else what the findings say. */
export function ruleInfos(report: Pick<ScanReport, 'findings' | 'readiness'>, rules: readonly Rule[]): ReportRule[] {
  const known = new Map(rules.map((r) => [r.id, r]));
  const ids = [...new Set([...report.readiness.rules.map((r) => r.ruleId), ...report.findings.map((f) => f.ruleId)])];
  return ids.map((id) => {
    const rule = known.get(id);
    if (rule) return rule;
    const finding = report.findings.find((f) => f.ruleId === id);
    const scored = report.readiness.rules.find((r) => r.ruleId === id);
    return {
      id,
      title: id,
      description: '',
      severity: scored?.severity ?? finding?.severity ?? 'LOW',
      resourceType: finding?.resourceType ?? '',
      checklist: { source: '', item: '' },
      controls: {},
      remediation: { text: '', cli: '' },
    };
  });
}

const FAMILY_NAMES: Readonly<Record<string, string>> = {
  s3: 'S3',
  budget: 'Budgets',
  cloudwatch: 'CloudWatch',
  elasticache: 'ElastiCache',
  cloudtrail: 'CloudTrail',
  iam: 'IAM',
  rds: 'RDS',
  dynamodb: 'DynamoDB',
  ec2: 'EC2',
  vpc: 'VPC',
  logs: 'CloudWatch Logs',
  secretsmanager: 'Secrets Manager',
  acm: 'Certificate Manager',
  wafv2: 'WAF',
  ses: 'SES',
};

/** The family of a rule: the first segment of its id (`s3-bucket-...` → S3). */
export function familyOf(ruleId: string): { key: string; name: string } {
  const key = ruleId.split('-')[0] ?? ruleId;
  return { key, name: FAMILY_NAMES[key] ?? key.toUpperCase() };
}

/** The scored rules grouped by family, in the readiness order (families in order of first appearance). */
export function byFamily(rules: readonly RuleReadiness[]): Array<{ key: string; name: string; rules: RuleReadiness[] }> {
  const families = new Map<string, { key: string; name: string; rules: RuleReadiness[] }>();
  for (const scored of rules) {
    const family = familyOf(scored.ruleId);
    const entry = families.get(family.key) ?? { ...family, rules: [] };
    entry.rules.push(scored);
    families.set(family.key, entry);
  }
  return [...families.values()];
}

/** FAIL and ERROR first, then by severity (highest first), rule, region, resource. */
export function problemOrder(severities: readonly Severity[]) {
  return (a: ReportFinding, b: ReportFinding): number =>
    severities.indexOf(a.severity) - severities.indexOf(b.severity) ||
    (a.status === b.status ? 0 : a.status === 'FAIL' ? -1 : 1) ||
    a.ruleId.localeCompare(b.ruleId) ||
    a.region.localeCompare(b.region) ||
    a.resourceName.localeCompare(b.resourceName);
}
