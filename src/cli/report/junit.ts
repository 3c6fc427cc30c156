/**
 * `--format junit`: JUnit XML so CI systems show failing rules as failing tests. One test suite per rule
 * family, one test case per rule: a rule that fails has a <failure> listing each failing resource with
 * its reason and fix, a rule that could not tell has an <error>, a rule that does not apply (or whose
 * every problem is suppressed) is <skipped>. The document is valid against the Jenkins xUnit plugin's
 * junit-10.xsd (which that plugin enforces): no <properties> inside a <testcase> (a case's severity and
 * checklist item go to its <system-out>) and no `skipped` count on <testsuites>.
 */
import { SEVERITIES } from '#shared/core/model.js';
import type { RuleReadiness } from '#shared/core/readiness.js';
import { fixCommand } from './fix-command.js';
import { byFamily, problemOrder, type ReportFinding, type ReportRule, type ScanReport } from './model.js';

/** XML 1.0 forbids most control characters even escaped: drop them, then escape markup. */
export function xmlEscape(value: string): string {
  return value
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const attrs = (values: Record<string, string | number>) =>
  Object.entries(values)
    .map(([name, value]) => ` ${name}="${xmlEscape(String(value))}"`)
    .join('');

function resourceLine(f: ReportFinding, rule: ReportRule | undefined): string {
  const lines = [`${f.status} ${f.resourceName} (${f.region}): ${f.reason}`, `  resource: ${f.resourceId}`];
  if (f.status === 'FAIL' && rule?.remediation.cli) lines.push(`  fix: ${fixCommand(rule.remediation.cli, f)}`);
  return lines.join('\n');
}

interface Case {
  scored: RuleReadiness;
  rule: ReportRule | undefined;
  findings: ReportFinding[];
}

function testCase({ scored, rule, findings }: Case, classname: string): string {
  const name = `${scored.ruleId}: ${rule?.title ?? scored.ruleId}`;
  const open = `    <testcase${attrs({ classname, name, time: 0 })}>`;
  const failing = findings.filter((f) => f.status === 'FAIL').sort(problemOrder(SEVERITIES));
  const erroring = findings.filter((f) => f.status === 'ERROR').sort(problemOrder(SEVERITIES));
  const suppressed = findings.filter((f) => f.status === 'SUPPRESSED');
  const body: string[] = [];
  if (scored.verdict === 'FAIL') {
    const message = `[${scored.severity}] ${failing.length} resource(s) fail: ${failing.map((f) => f.resourceName).join(', ')}`;
    const text = [...failing, ...erroring].map((f) => resourceLine(f, rule)).join('\n');
    body.push(`      <failure${attrs({ message, type: scored.severity })}>${xmlEscape(text)}</failure>`);
  } else if (scored.verdict === 'ERROR') {
    const message = `[${scored.severity}] ${erroring.length} resource(s) could not be checked: ${erroring.map((f) => f.reason).join('; ')}`;
    body.push(`      <error${attrs({ message, type: 'ERROR' })}>${xmlEscape(erroring.map((f) => resourceLine(f, rule)).join('\n'))}</error>`);
  } else if (scored.verdict === 'NOT_APPLICABLE') {
    const message = suppressed.length > 0 ? `${suppressed.length} resource(s) suppressed` : 'not applicable to this account';
    body.push(`      <skipped${attrs({ message })}/>`);
  }
  const out = [
    `severity: ${scored.severity}`,
    ...(rule?.checklist.item ? [`checklist: ${rule.checklist.item}`] : []),
    ...suppressed.map((f) => `SUPPRESSED ${f.resourceName} (${f.region}): ${f.reason}; accepted: ${f.suppression?.reason ?? ''}`),
  ];
  body.push(`      <system-out>${xmlEscape(out.join('\n'))}</system-out>`);
  return [open, ...body, '    </testcase>'].join('\n');
}

export function renderJunit(report: ScanReport, rules: readonly ReportRule[]): string {
  const byId = new Map(rules.map((r) => [r.id, r]));
  const findingsOf = new Map<string, ReportFinding[]>();
  for (const f of report.findings) findingsOf.set(f.ruleId, [...(findingsOf.get(f.ruleId) ?? []), f]);

  const families = byFamily(report.readiness.rules).map((family) => ({
    ...family,
    cases: family.rules.map((scored): Case => ({ scored, rule: byId.get(scored.ruleId), findings: findingsOf.get(scored.ruleId) ?? [] })),
  }));

  const count = (cases: Case[], verdict: RuleReadiness['verdict']) => cases.filter((c) => c.scored.verdict === verdict).length;
  const seconds = Math.max(0, (Date.parse(report.finishedAt) - Date.parse(report.startedAt)) / 1000).toFixed(3);
  const all = families.flatMap((f) => f.cases);
  const score = report.readiness.score === null ? 'n/a' : `${report.readiness.score}/100`;
  const suiteProps = `    <properties>${[
    ['preflight.version', report.version],
    ['accountId', report.accountId],
    ['regions', report.regions.join(',')],
    ['readiness', score],
  ]
    .map(([n, v]) => `<property${attrs({ name: n ?? '', value: v ?? '' })}/>`)
    .join('')}</properties>`;
  const suites = families.map((family) => {
    const classname = `preflight.${family.key}`;
    return [
      `  <testsuite${attrs({
        name: `${family.name} (${report.accountId})`,
        tests: family.cases.length,
        failures: count(family.cases, 'FAIL'),
        errors: count(family.cases, 'ERROR'),
        skipped: count(family.cases, 'NOT_APPLICABLE'),
        timestamp: report.startedAt,
        hostname: report.accountId,
      })}>`,
      suiteProps,
      ...family.cases.map((c) => testCase(c, classname)),
      '  </testsuite>',
    ].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attrs({
      name: 'preflight',
      tests: all.length,
      failures: count(all, 'FAIL'),
      errors: count(all, 'ERROR'),
      time: seconds,
    })}>`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
