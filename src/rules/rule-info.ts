/**
 * A rule's metadata without its code: what the findings API, the dashboard and `preflight rules` show.
 * They read it from src/rules/catalog.generated.ts (written by `npm run docs` from the registry, checked
 * by test/docs/catalog.test.ts), so neither the API bundle nor `preflight rules` loads the rules and
 * their readers.
 */
import type { Rule, RuleMetadata, RuleTrigger } from './define-rule.js';

export type RuleInfo = Pick<
  RuleMetadata,
  'id' | 'title' | 'description' | 'severity' | 'resourceType' | 'global' | 'checklist' | 'controls' | 'iamActions' | 'remediation'
> & {
  /** Which calls re-evaluate the rule; the code that names their resources stays with the rule. */
  triggers: ReadonlyArray<Pick<RuleTrigger, 'eventSource' | 'eventNames'>>;
  defaultParams: Readonly<Record<string, unknown>>;
};

/** A catalog entry (`preflight rules --format json`): the metadata, the scope and what each trigger re-evaluates. */
export type CatalogEntry = Omit<RuleInfo, 'triggers'> & {
  scope: Rule['scope'];
  global: boolean;
  triggers: ReadonlyArray<Pick<RuleTrigger, 'eventSource' | 'eventNames'> & { targetsResource: boolean }>;
};
