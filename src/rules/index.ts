/**
 * The registry: the one list of rules. IAM statements, EventBridge patterns, the docs catalog and
 * `preflight rules` are all derived from it. Rules are imported, never discovered by walking folders,
 * because bundled Lambdas have no folders to walk.
 */
import { RuleDefinitionError } from '#shared/core/errors.js';
import { type RuleSelection, selectRules as selectFrom } from './select-rules.js';
import { budgetsRules } from './budgets/index.js';
import { cloudwatchRules } from './cloudwatch/index.js';
import type { BoundRule, Rule } from './define-rule.js';
import { elasticacheRules } from './elasticache/index.js';
import { s3Rules } from './s3/index.js';
import { cloudtrailRules } from './cloudtrail/index.js';
import { iamRules } from './iam/index.js';
import { rdsRules } from './rds/index.js';
import { dynamodbRules } from './dynamodb/index.js';
import { ec2Rules } from './ec2/index.js';
import { logsRules } from './logs/index.js';
import { secretsmanagerRules } from './secretsmanager/index.js';
import { acmRules } from './acm/index.js';
import { wafv2Rules } from './wafv2/index.js';
import { sesRules } from './ses/index.js';

/** Checks the registry as a whole: ids unique. Each rule's own metadata is checked by defineRule. */
export function checkRegistry(rules: readonly Rule[]): readonly Rule[] {
  const seen = new Set<string>();
  for (const rule of rules) {
    if (seen.has(rule.id)) throw new RuleDefinitionError(`two rules share the id ${rule.id}`);
    seen.add(rule.id);
  }
  return Object.freeze([...rules]);
}

export const RULES: readonly Rule[] = checkRegistry([
  // Core pack
  ...s3Rules,
  ...budgetsRules,
  ...cloudwatchRules,
  ...elasticacheRules,
  // Extended pack
  ...cloudtrailRules,
  ...iamRules,
  ...rdsRules,
  ...dynamodbRules,
  ...ec2Rules,
  ...logsRules,
  ...secretsmanagerRules,
  ...acmRules,
  ...wafv2Rules,
  ...sesRules,
]);

export function findRule(id: string): Rule | undefined {
  return RULES.find((rule) => rule.id === id);
}

export type { RuleSelection } from './select-rules.js';

/** selectRules over the registry unless other rules are given (src/rules/select-rules.ts). */
export function selectRules(selection: RuleSelection = {}, rules: readonly Rule[] = RULES): BoundRule[] {
  return selectFrom(selection, rules);
}

export type { BoundRule, Rule } from './define-rule.js';
