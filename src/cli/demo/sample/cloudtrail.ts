/** The demo's sample account: its CloudTrail resources, compliant and not. Sample data, never a real account. */
import { ensureRegion, type MemoryAccount } from '../memory-account/index.js';
import type { MemoryTrail } from '../memory-account/cloudtrail.js';

/**
 * `org-trail`, homed in us-east-1, is multi-region and logging all management events (multi-region
 * logging: PASS) but was created without log file validation (FAIL); as CloudTrail does, its shadow
 * copy is visible from eu-west-1. `app-audit`, a single-region trail in eu-west-1, validates its
 * log files (PASS).
 */
export function applyCloudTrailSample(account: MemoryAccount): void {
  const orgTrail: MemoryTrail = {
    name: 'org-trail',
    homeRegion: 'us-east-1',
    multiRegion: true,
    logging: true,
    logFileValidation: false,
    s3BucketName: 'retainwise-cloudtrail-logs',
  };
  ensureRegion(account, 'us-east-1').cloudtrail.trails.push(orgTrail);
  ensureRegion(account, 'eu-west-1').cloudtrail.trails.push(orgTrail, {
    name: 'app-audit',
    logging: true,
    logFileValidation: true,
    s3BucketName: 'retainwise-app-audit-logs',
    // Write-only management events: this trail alone would not satisfy CloudTrail.1.
    eventSelectors: [{ ReadWriteType: 'WriteOnly', IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] }],
  });
}
