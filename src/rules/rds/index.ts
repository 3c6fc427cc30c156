import type { Rule } from '../define-rule.js';
import { rdsBackupRetention } from './backup-retention.js';
import { rdsMultiAz } from './multi-az.js';
import { rdsRecentSnapshot } from './recent-snapshot.js';
import { rdsStorageEncrypted } from './storage-encrypted.js';

export const rdsRules: Rule[] = [rdsBackupRetention, rdsMultiAz, rdsStorageEncrypted, rdsRecentSnapshot];
