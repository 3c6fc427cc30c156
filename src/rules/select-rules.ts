/**
 * Selecting rules from a registry and binding their params: pure, with the registry handed in, so
 * src/shared can bind params without importing the registry (src/rules/index.ts) itself.
 */
import { ConfigError } from '#shared/core/errors.js';
import type { BoundRule, Rule } from './define-rule.js';

export interface RuleSelection {
  /** Only these rule ids (unknown ids are a ConfigError). */
  ruleIds?: readonly string[];
  /** Param overrides by rule id. */
  params?: Readonly<Record<string, unknown>>;
}

/** Selects rules of `rules` and binds their params; unknown ids and invalid params fail with the offending name. */
export function selectRules(selection: RuleSelection, rules: readonly Rule[]): BoundRule[] {
  const known = new Set(rules.map((rule) => rule.id));
  const unknown = [...(selection.ruleIds ?? []), ...Object.keys(selection.params ?? {})].filter((id) => !known.has(id));
  if (unknown.length > 0) throw new ConfigError(`unknown rule id: ${[...new Set(unknown)].join(', ')}`);
  const wanted = selection.ruleIds ? new Set(selection.ruleIds) : undefined;
  return rules
    .filter((rule) => !wanted || wanted.has(rule.id))
    .map((rule) => {
      try {
        return rule.bind(selection.params?.[rule.id]);
      } catch (error) {
        throw new ConfigError(error instanceof Error ? error.message : String(error), { cause: error });
      }
    });
}
