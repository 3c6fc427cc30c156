/**
 * A rule's metadata without its code: what the findings API and the dashboard show. The API function
 * reads it from src/rules/catalog.generated.ts (written by `npm run docs` from the registry, checked by
 * test/docs/catalog.test.ts) so its bundle carries neither the rules nor their readers.
 */
import type { RuleMetadata, RuleTrigger } from './define-rule.js';

export type RuleInfo = Pick<
  RuleMetadata,
  'id' | 'title' | 'description' | 'severity' | 'resourceType' | 'global' | 'checklist' | 'controls' | 'iamActions' | 'remediation'
> & {
  /** Which calls re-evaluate the rule; the code that names their resources stays with the rule. */
  triggers: ReadonlyArray<Pick<RuleTrigger, 'eventSource' | 'eventNames'>>;
  defaultParams: Readonly<Record<string, unknown>>;
};
