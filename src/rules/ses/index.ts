import type { Rule } from '../define-rule.js';
import { sesProductionAccess } from './production-access.js';

export const sesRules: Rule[] = [sesProductionAccess];
