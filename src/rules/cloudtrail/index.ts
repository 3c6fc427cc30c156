import type { Rule } from '../define-rule.js';
import { cloudtrailLogFileValidation } from './log-file-validation.js';
import { cloudtrailMultiRegionLogging } from './multi-region-logging.js';

export const cloudtrailRules: Rule[] = [cloudtrailMultiRegionLogging, cloudtrailLogFileValidation];
