/**
 * `--format csv`: one row per finding (RFC 4180: comma-separated, CRLF, quoted when needed), for
 * spreadsheets and data tools. Cells that a spreadsheet would run as a formula are prefixed with `'`.
 */
import { SEVERITIES } from '../../shared/model.js';
import { fixCommand } from './fix-command.js';
import { familyOf, problemOrder, type RuleInfo, type ScanReport } from './model.js';

export const CSV_COLUMNS = [
  'ACCOUNT_ID',
  'REGION',
  'FAMILY',
  'RULE_ID',
  'SEVERITY',
  'STATUS',
  'EVALUATED_STATUS',
  'RESOURCE_TYPE',
  'RESOURCE_ID',
  'RESOURCE_NAME',
  'REASON',
  'CHECKLIST_ITEM',
  'CONTROLS',
  'REMEDIATION',
  'REMEDIATION_CLI',
  'EVALUATED_AT',
  'SUPPRESSION_REASON',
  'SUPPRESSION_EXPIRES_AT',
] as const;

/** Quotes a cell when it holds a comma, quote or line break; defuses spreadsheet formulas (CWE-1236). */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function renderCsv(report: ScanReport, rules: readonly RuleInfo[]): string {
  const byId = new Map(rules.map((r) => [r.id, r]));
  const rows = [...report.findings].sort(problemOrder(SEVERITIES)).map((f) => {
    const rule = byId.get(f.ruleId);
    const controls = [...(rule?.controls.securityHub ?? []), rule?.controls.awsConfig ?? '', ...(rule?.controls.other ?? [])].filter(Boolean);
    return [
      f.accountId,
      f.region,
      familyOf(f.ruleId).name,
      f.ruleId,
      f.severity,
      f.status,
      f.evaluatedStatus ?? f.status,
      f.resourceType,
      f.resourceId,
      f.resourceName,
      f.reason,
      rule?.checklist.item ?? '',
      controls.join(' '),
      rule?.remediation.text ?? '',
      rule?.remediation.cli ? fixCommand(rule.remediation.cli, f) : '',
      f.evaluatedAt,
      f.suppression?.reason ?? '',
      f.suppression?.expiresAt ?? '',
    ];
  });
  return [CSV_COLUMNS as readonly string[], ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

export {};
