/**
 * A rule's metadata without its code: what the findings API and the dashboard show. The API function
 * reads it from src/rules/catalog.generated.ts (written by `npm run docs` from the registry, checked by
 * test/docs/catalog.test.ts) so its bundle carries neither the rules nor their readers.
 */
import type { Severity } from '../shared/model.js';
import type { RuleControls, RuleMetadata } from './define-rule.js';

export interface RuleInfo {
  id: string;
  title: string;
  description: string;
  severity: Severity;
  resourceType: string;
  global?: boolean;
  checklist: RuleMetadata['checklist'];
  controls: RuleControls;
  iamActions: readonly string[];
  triggers: ReadonlyArray<{ eventSource: string; eventNames: readonly string[] }>;
  remediation: RuleMetadata['remediation'];
  defaultParams: Readonly<Record<string, unknown>>;
}
