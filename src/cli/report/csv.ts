/**
 * `--format csv`: one row per finding (RFC 4180: comma-separated, CRLF, quoted when needed), for
 * spreadsheets and data tools. Cells that a spreadsheet would run as a formula are prefixed with `'`.
 *
 * For a spreadsheet (`spreadsheet: true`, the CLI's default when it writes a file) the text starts with
 * a UTF-8 byte order mark, without which Excel reads the file in the system's code page and garbles
 * every non-ASCII character, and 12-digit account ids are written as the text formula ="012345678901",
 * without which a spreadsheet turns them into numbers and drops their leading zeros. Data tools reading
 * stdout get neither: a BOM would stick to the first column's name and ="…" to the ids.
 */
import { SEVERITIES } from '#shared/core/model.js';
import { fixCommand } from './fix-command.js';
import { familyOf, problemOrder, type ReportRule, type ScanReport } from './model.js';
import { ACCOUNT_ID_PATTERN } from '#shared/core/resource-ids.js';

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

export interface CsvOptions {
  /** A UTF-8 BOM and account ids as text, for Excel, LibreOffice and Google Sheets. */
  spreadsheet?: boolean;
}

const BOM = '\uFEFF';

export function renderCsv(report: ScanReport, rules: readonly ReportRule[], options: CsvOptions = {}): string {
  // Only a bare account id becomes ="…" (a constant formula); every other value still goes through csvCell.
  const cell = (value: string) => (options.spreadsheet && ACCOUNT_ID_PATTERN.test(value) ? `"=""${value}"""` : csvCell(value));
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
  const text = `${[CSV_COLUMNS as readonly string[], ...rows].map((row) => row.map(cell).join(',')).join('\r\n')}\r\n`;
  return options.spreadsheet ? `${BOM}${text}` : text;
}
