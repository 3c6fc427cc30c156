/**
 * Before/after comparison of findings: what would alert. Kept in one small function so the demo can
 * swap it for the findings store's atomic transitions and the SNS message renderer later.
 */
import type { Rule } from '../../rules/define-rule.js';
import type { Finding } from '../../shared/model.js';

export interface Regression {
  /** The finding before (absent for a resource first seen failing). */
  previous?: Finding;
  current: Finding;
}

/**
 * A regression is a finding that is FAIL now and was not FAIL before: PASS→FAIL, or a resource seen
 * for the first time (or back from NOT_APPLICABLE/RESOLVED) failing. ERROR→FAIL is not one: ERROR
 * means "could not tell", and flapping between the two must not alert (DESIGN §5).
 */
export function findRegressions(before: readonly Finding[], after: readonly Finding[]): Regression[] {
  const previousByKey = new Map(before.map((f) => [keyOf(f), f]));
  return after
    .filter((current) => current.status === 'FAIL')
    .flatMap((current) => {
      const previous = previousByKey.get(keyOf(current));
      if (previous && (previous.status === 'FAIL' || previous.status === 'ERROR')) return [];
      return [previous ? { previous, current } : { current }];
    });
}

/** Findings after an event: the event's findings replace the sweep's for the same rule and resource. */
export function mergeFindings(before: readonly Finding[], after: readonly Finding[]): Finding[] {
  const merged = new Map(before.map((f) => [keyOf(f), f]));
  for (const f of after) merged.set(keyOf(f), f);
  return [...merged.values()];
}

/** One block per regression: severity, rule, resource, region, reason, remediation. */
export function renderRegression({ previous, current }: Regression, rule: Rule | undefined): string {
  const transition = `${previous?.status ?? 'new'} -> ${current.status}`;
  const lines = [
    `[${current.severity}] ${current.ruleId} ${current.status} ${current.resourceName} (${current.region})`,
    `  transition:  ${transition}`,
    `  resource:    ${current.resourceId}`,
    `  account:     ${current.accountId}`,
    `  reason:      ${current.reason}`,
  ];
  if (rule) lines.push(`  remediation: ${rule.remediation.text}`, `               ${rule.remediation.cli}`);
  return lines.join('\n');
}

function keyOf(f: Finding): string {
  return `${f.ruleId}\u0000${f.resourceId}`;
}

export {};
