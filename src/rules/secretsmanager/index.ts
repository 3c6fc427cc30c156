import type { Rule } from '../define-rule.js';
import { secretsmanagerRotationEnabled } from './rotation-enabled.js';

export const secretsmanagerRules: Rule[] = [secretsmanagerRotationEnabled];
