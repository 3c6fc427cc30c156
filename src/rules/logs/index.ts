import type { Rule } from '../define-rule.js';
import { logsRetentionSet } from './retention-set.js';

export const logsRules: Rule[] = [logsRetentionSet];
