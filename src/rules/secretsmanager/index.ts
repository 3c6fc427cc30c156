import type { Rule } from '../define-rule.js';

export const secretsmanagerRules: Rule[] = [];
