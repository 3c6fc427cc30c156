/** Suppressions: a person accepted the risk of a rule on some resources, with a reason and maybe an expiry. */
import { compileGlob } from '#shared/core/glob.js';
import type { Finding, Suppression } from '#shared/core/model.js';

export type SuppressionMatch = (finding: Pick<Finding, 'ruleId' | 'resourceId' | 'resourceName'>, now: Date) => Suppression | undefined;

/**
 * The suppression that applies to a finding now, if any: same rule (or `*`), pattern over id or name, not
 * expired. Each pattern is compiled once here, not once per finding: build one per batch of findings.
 */
export function suppressionMatcher(suppressions: readonly Suppression[]): SuppressionMatch {
  const compiled = suppressions.map((suppression) => ({ suppression, pattern: compileGlob(suppression.resourcePattern) }));
  return (finding, now) =>
    compiled.find(({ suppression: s, pattern }) => {
      if (s.ruleId !== '*' && s.ruleId !== finding.ruleId) return false;
      if (s.expiresAt && Date.parse(s.expiresAt) <= now.getTime()) return false;
      return pattern.test(finding.resourceId) || pattern.test(finding.resourceName);
    })?.suppression;
}
