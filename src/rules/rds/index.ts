import type { Rule } from '../define-rule.js';

export const rdsRules: Rule[] = [];
