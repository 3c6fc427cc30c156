/**
 * Every report format in one place: `scan --format` and `report --format` render the same ScanReport
 * through here, so a saved JSON scan renders exactly as the live one would have.
 */
import type { Rule } from '../../rules/define-rule.js';
import { blockingFindings, renderChecklist } from './checklist.js';
import { type CsvOptions, renderCsv } from './csv.js';
import { renderHtml } from './html.js';
import { renderJunit } from './junit.js';
import { type ReportFormat, ruleInfos, type ScanReport } from './model.js';
import { renderOcsf } from './ocsf.js';

/** The one-line verdict of `--fail-on` (also printed after `--output`). */
export function verdictLine(report: ScanReport): string {
  const blocking = blockingFindings(report.findings, report.failOn);
  return blocking.length > 0
    ? `Result: ${blocking.length} finding(s) at or above ${report.failOn} fail or could not be checked (exit 1).`
    : `Result: nothing fails at or above ${report.failOn} (exit 0).`;
}

function seconds(from: string, to: string): string {
  return `${((Date.parse(to) - Date.parse(from)) / 1000).toFixed(1)} s`;
}

function renderTable(report: ScanReport, rules: readonly Rule[]): string {
  const infos = ruleInfos(report, rules);
  return [
    `Preflight scan of account ${report.accountId} in ${report.regions.join(', ')}: ${report.readiness.rules.length} rules, ${report.findings.length} findings, ${seconds(report.startedAt, report.finishedAt)}`,
    ...(report.config ? [`Configuration: ${report.config}`] : []),
    '',
    renderChecklist({ rules: infos, findings: report.findings, readiness: report.readiness }),
    verdictLine(report),
    '',
  ].join('\n');
}

export interface RenderOptions {
  csv?: CsvOptions;
}

export function renderReport(format: ReportFormat, report: ScanReport, rules: readonly Rule[], options: RenderOptions = {}): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(report, null, 2)}\n`;
    case 'table':
      return renderTable(report, rules);
    case 'csv':
      return renderCsv(report, ruleInfos(report, rules), options.csv);
    case 'ocsf':
      return renderOcsf(report, ruleInfos(report, rules));
    case 'html':
      return renderHtml(report, ruleInfos(report, rules));
    case 'junit':
      return renderJunit(report, ruleInfos(report, rules));
  }
}

export { REPORT_FORMATS, type ReportFormat } from './model.js';
