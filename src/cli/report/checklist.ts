/**
 * The checklist as people read it on a terminal: one line per rule (its verdict and status counts),
 * then every failing or erroring resource with its reason and the rule's remediation, then the
 * readiness score. Used by `preflight scan` and `preflight demo`.
 */
import type { Rule } from '../../rules/define-rule.js';
import { SEVERITIES, severityAtLeast, type Severity } from '#shared/core/model.js';
import { type Readiness, readiness as scoreReadiness } from '#shared/core/readiness.js';
import { fixCommand } from './fix-command.js';
import { problemOrder, type ReportFinding } from './model.js';
import { type Column, textTable } from './text-table.js';

export interface ChecklistInput {
  rules: readonly Pick<Rule, 'id' | 'severity' | 'checklist' | 'remediation'>[];
  findings: readonly ReportFinding[];
  readiness?: Readiness;
}

/** The rule verdict table: RESULT, SEVERITY, RULE, CHECKLIST ITEM, then counts by status. */
export function renderRuleTable({ rules, findings, readiness }: ChecklistInput): string {
  const scored = readiness ?? scoreReadiness(findings, rules);
  const checklistOf = new Map(rules.map((rule) => [rule.id, rule.checklist.item]));
  const count = (n: number | undefined) => String(n ?? 0);
  // The SUPPRESSED column appears only when a suppression applied, so the usual table stays narrow.
  const anySuppressed = scored.rules.some((rule) => (rule.counts.SUPPRESSED ?? 0) > 0);
  const columns: Column[] = [
    { header: 'RESULT' },
    { header: 'SEVERITY' },
    { header: 'RULE' },
    { header: 'CHECKLIST ITEM' },
    { header: 'PASS', align: 'right' },
    { header: 'FAIL', align: 'right' },
    { header: 'ERROR', align: 'right' },
    { header: 'N/A', align: 'right' },
  ];
  if (anySuppressed) columns.push({ header: 'SUPPRESSED', align: 'right' });
  return textTable(
    columns,
    scored.rules.map((rule) => {
      const row = [
        rule.verdict === 'NOT_APPLICABLE' ? 'N/A' : rule.verdict,
        rule.severity,
        rule.ruleId,
        checklistOf.get(rule.ruleId) ?? '',
        count(rule.counts.PASS),
        count(rule.counts.FAIL),
        count(rule.counts.ERROR),
        count((rule.counts.NOT_APPLICABLE ?? 0) + (rule.counts.RESOLVED ?? 0)),
      ];
      if (anySuppressed) row.push(count(rule.counts.SUPPRESSED));
      return row;
    }),
  );
}

/** FAIL and ERROR findings, highest severity first, each with its reason and the fix. */
export function renderProblems(rules: readonly Pick<Rule, 'id' | 'remediation'>[], findings: readonly ReportFinding[]): string {
  const problems = findings.filter((f) => f.status === 'FAIL' || f.status === 'ERROR').sort(problemOrder(SEVERITIES));
  if (problems.length === 0) return 'No failing or erroring resources.';
  const byId = new Map(rules.map((rule) => [rule.id, rule]));
  const blocks = problems.map((f) => {
    const lines = [`${f.status.padEnd(5)} [${f.severity}] ${f.ruleId}  ${f.resourceName} (${f.region})`, `      ${f.reason}`];
    const rule = byId.get(f.ruleId);
    // An ERROR is fixed by granting access or retrying, not by the rule's remediation.
    if (rule && f.status === 'FAIL') lines.push(`      fix: ${fixCommand(rule.remediation.cli, f)}`);
    return lines.join('\n');
  });
  return [`Failing and erroring resources (${problems.length}):`, ...blocks].join('\n');
}

/** Suppressed findings with the accepted risk's reason and expiry; empty when there are none. */
export function renderSuppressed(findings: readonly ReportFinding[]): string {
  const suppressed = findings.filter((f) => f.status === 'SUPPRESSED').sort(problemOrder(SEVERITIES));
  if (suppressed.length === 0) return '';
  const blocks = suppressed.map((f) => {
    const until = f.suppression?.expiresAt ? ` until ${f.suppression.expiresAt}` : '';
    return [
      `SUPPRESSED [${f.severity}] ${f.ruleId}  ${f.resourceName} (${f.region}): ${f.evaluatedStatus ?? 'FAIL'}, ${f.reason}`,
      `      accepted${until}: ${f.suppression?.reason ?? ''}`,
    ].join('\n');
  });
  return [`Suppressed (${suppressed.length}; they do not fail --fail-on):`, ...blocks].join('\n');
}

export function renderReadiness(scored: Readiness): string {
  if (scored.score === null) return 'Readiness: n/a (no rule applies to this account)';
  return `Readiness: ${scored.score}/100 (${scored.passing} of ${scored.applicable} applicable rules pass, weighted by severity)`;
}

/** FAIL and ERROR findings at or above the threshold: what makes `scan` exit 1. */
export function blockingFindings<F extends Pick<ReportFinding, 'status' | 'severity'>>(findings: readonly F[], failOn: Severity): F[] {
  return findings.filter((f) => (f.status === 'FAIL' || f.status === 'ERROR') && severityAtLeast(f.severity, failOn));
}

/** The whole checklist: rule table, problems, readiness. */
export function renderChecklist(input: ChecklistInput): string {
  const scored = input.readiness ?? scoreReadiness(input.findings, input.rules);
  const suppressed = renderSuppressed(input.findings);
  return [
    renderRuleTable({ ...input, readiness: scored }),
    '',
    renderProblems(input.rules, input.findings),
    '',
    ...(suppressed ? [suppressed, ''] : []),
    renderReadiness(scored),
  ].join('\n');
}
