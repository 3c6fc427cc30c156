/** Suppressions: a person accepted the risk of a rule on some resources, with a reason and maybe an expiry. */
import { globToRegExp } from '../../rules/scope.js';
import type { Finding } from '../model.js';
import type { Suppression } from './transitions.js';

/** The suppression that applies to a finding now, if any: same rule (or `*`), pattern over id or name, not expired. */
export function matchSuppression(
  suppressions: readonly Suppression[],
  finding: Pick<Finding, 'ruleId' | 'resourceId' | 'resourceName'>,
  now: Date,
): Suppression | undefined {
  return suppressions.find((s) => {
    if (s.ruleId !== '*' && s.ruleId !== finding.ruleId) return false;
    if (s.expiresAt && Date.parse(s.expiresAt) <= now.getTime()) return false;
    const pattern = globToRegExp(s.resourcePattern);
    return pattern.test(finding.resourceId) || pattern.test(finding.resourceName);
  });
}

export {};
