import type { Rule } from '../define-rule.js';
import { iamNoAdminPolicy } from './no-admin-policy.js';
import { iamNoBroadS3Actions } from './no-broad-s3-actions.js';
import { iamRootMfa } from './root-mfa.js';

export const iamRules: Rule[] = [iamNoAdminPolicy, iamNoBroadS3Actions, iamRootMfa];
