import type { Rule } from '../define-rule.js';

export const ec2Rules: Rule[] = [];
