/**
 * The checklist as people read it on a terminal: one line per rule (its verdict and status counts),
 * then every failing or erroring resource with its reason and the rule's remediation, then the
 * readiness score. Used by `preflight scan` and `preflight demo`.
 */
import type { Rule } from '../../rules/define-rule.js';
import { type Finding, SEVERITIES, severityAtLeast, type Severity } from '../../shared/model.js';
import { type Readiness, readiness as scoreReadiness } from '../../shared/readiness.js';
import { textTable } from './text-table.js';

export interface ChecklistInput {
  rules: readonly Rule[];
  findings: readonly Finding[];
  readiness?: Readiness;
}

/** The rule verdict table: RESULT, SEVERITY, RULE, CHECKLIST ITEM, then counts by status. */
export function renderRuleTable({ rules, findings, readiness }: ChecklistInput): string {
  const scored = readiness ?? scoreReadiness(findings, rules);
  const checklistOf = new Map(rules.map((rule) => [rule.id, rule.checklist.item]));
  const count = (n: number | undefined) => String(n ?? 0);
  return textTable(
    [
      { header: 'RESULT' },
      { header: 'SEVERITY' },
      { header: 'RULE' },
      { header: 'CHECKLIST ITEM' },
      { header: 'PASS', align: 'right' },
      { header: 'FAIL', align: 'right' },
      { header: 'ERROR', align: 'right' },
      { header: 'N/A', align: 'right' },
    ],
    scored.rules.map((rule) => [
      rule.verdict === 'NOT_APPLICABLE' ? 'N/A' : rule.verdict,
      rule.severity,
      rule.ruleId,
      checklistOf.get(rule.ruleId) ?? '',
      count(rule.counts.PASS),
      count(rule.counts.FAIL),
      count(rule.counts.ERROR),
      count((rule.counts.NOT_APPLICABLE ?? 0) + (rule.counts.RESOLVED ?? 0)),
    ]),
  );
}

/** FAIL and ERROR findings, highest severity first, each with its reason and the fix. */
export function renderProblems(rules: readonly Rule[], findings: readonly Finding[]): string {
  const problems = findings
    .filter((f) => f.status === 'FAIL' || f.status === 'ERROR')
    .sort(
      (a, b) =>
        SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) ||
        (a.status === b.status ? 0 : a.status === 'FAIL' ? -1 : 1) ||
        a.ruleId.localeCompare(b.ruleId) ||
        a.region.localeCompare(b.region) ||
        a.resourceName.localeCompare(b.resourceName),
    );
  if (problems.length === 0) return 'No failing or erroring resources.';
  const byId = new Map(rules.map((rule) => [rule.id, rule]));
  const blocks = problems.map((f) => {
    const lines = [`${f.status.padEnd(5)} [${f.severity}] ${f.ruleId}  ${f.resourceName} (${f.region})`, `      ${f.reason}`];
    const rule = byId.get(f.ruleId);
    // An ERROR is fixed by granting access or retrying, not by the rule's remediation.
    if (rule && f.status === 'FAIL') lines.push(`      fix: ${rule.remediation.cli}`);
    return lines.join('\n');
  });
  return [`Failing and erroring resources (${problems.length}):`, ...blocks].join('\n');
}

export function renderReadiness(scored: Readiness): string {
  if (scored.score === null) return 'Readiness: n/a (no rule applies to this account)';
  return `Readiness: ${scored.score}/100 (${scored.passing} of ${scored.applicable} applicable rules pass, weighted by severity)`;
}

/** FAIL and ERROR findings at or above the threshold: what makes `scan` exit 1. */
export function blockingFindings(findings: readonly Finding[], failOn: Severity): Finding[] {
  return findings.filter((f) => (f.status === 'FAIL' || f.status === 'ERROR') && severityAtLeast(f.severity, failOn));
}

/** The whole checklist: rule table, problems, readiness. */
export function renderChecklist(input: ChecklistInput): string {
  const scored = input.readiness ?? scoreReadiness(input.findings, input.rules);
  return [
    renderRuleTable({ ...input, readiness: scored }),
    '',
    renderProblems(input.rules, input.findings),
    '',
    renderReadiness(scored),
  ].join('\n');
}

export {};
