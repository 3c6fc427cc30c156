import type { Rule } from '../define-rule.js';

export const wafv2Rules: Rule[] = [];
