import type { Rule } from '../define-rule.js';
import { elasticacheAutoMinorVersionUpgrade } from './auto-minor-version-upgrade.js';
import { elasticacheAutomaticBackup } from './automatic-backup.js';
import { elasticacheAutomaticFailover } from './automatic-failover.js';
import { elasticacheCacheAvailable } from './cache-available.js';
import { elasticacheEncryptedAtRest } from './encrypted-at-rest.js';
import { elasticacheEncryptedInTransit } from './encrypted-in-transit.js';
import { elasticacheNonDefaultSubnetGroup } from './non-default-subnet-group.js';

export const elasticacheRules: Rule[] = [
  elasticacheCacheAvailable,
  elasticacheAutomaticBackup,
  elasticacheAutomaticFailover,
  elasticacheEncryptedAtRest,
  elasticacheEncryptedInTransit,
  elasticacheAutoMinorVersionUpgrade,
  elasticacheNonDefaultSubnetGroup,
];
