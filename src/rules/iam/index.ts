import type { Rule } from '../define-rule.js';
import { iamNoAdminPolicy } from './no-admin-policy.js';
import { iamNoAwsManagedAdminAttached } from './no-aws-managed-admin-attached.js';
import { iamNoBroadS3Actions } from './no-broad-s3-actions.js';
import { iamRootMfa } from './root-mfa.js';

export const iamRules: Rule[] = [iamNoAdminPolicy, iamNoAwsManagedAdminAttached, iamNoBroadS3Actions, iamRootMfa];
