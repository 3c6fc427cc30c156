import type { Rule } from '../define-rule.js';
import { dynamodbPitrEnabled } from './pitr-enabled.js';

export const dynamodbRules: Rule[] = [dynamodbPitrEnabled];
