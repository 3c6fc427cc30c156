/**
 * The read permissions the rules need, as IAM grants: every rule's `iamActions` on `*`, except those a
 * rule limits with `iamResources`. The README policy, the deployed roles (deploy/registry.cjs) and the
 * member role's test derive from this, so no policy is written by hand.
 */
import type { RuleMetadata } from './define-rule.js';

export interface ReadGrant {
  actions: string[];
  /** `['*']`, or ARN patterns in the `aws` partition. */
  resources: string[];
}

const sortedUnique = (values: Iterable<string>) => [...new Set(values)].sort();

/**
 * One grant on `*` (first), then one per distinct set of resources. An action some rule needs without
 * limits is on `*` whatever other rules say; limits of several rules on one action add up.
 */
export function readGrants(rules: ReadonlyArray<Pick<RuleMetadata, 'iamActions' | 'iamResources'>>): ReadGrant[] {
  const unlimited = new Set<string>();
  const limited = new Map<string, Set<string>>();
  for (const rule of rules) {
    for (const action of rule.iamActions) {
      const arns = rule.iamResources?.[action];
      if (!arns) unlimited.add(action);
      else for (const arn of arns) limited.set(action, (limited.get(action) ?? new Set()).add(arn));
    }
  }
  const byResources = new Map<string, ReadGrant>();
  for (const [action, arns] of limited) {
    if (unlimited.has(action)) continue;
    const resources = sortedUnique(arns);
    const key = resources.join('\n');
    const grant = byResources.get(key) ?? { actions: [], resources };
    grant.actions.push(action);
    byResources.set(key, grant);
  }
  const scoped = [...byResources.values()].map((g) => ({ ...g, actions: sortedUnique(g.actions) }));
  scoped.sort((a, b) => (a.actions[0] ?? '').localeCompare(b.actions[0] ?? ''));
  return [{ actions: sortedUnique(unlimited), resources: ['*'] }, ...scoped];
}
