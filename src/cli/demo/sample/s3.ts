/** The demo's sample account: its S3 resources, compliant and not. Sample data, never a real account. */
import type { MemoryAccount } from '../memory-account/index.js';

export function applyS3Sample(account: MemoryAccount): void {
  account.s3.buckets.push(
    // Compliant on versioning, not on MFA delete: the demo's drift suspends its versioning.
    { name: 'prod-data', region: 'eu-west-1', versioning: 'Enabled', tags: { env: 'prod', critical: 'true' } },
    { name: 'retainwise-uploads', region: 'eu-west-1', versioning: 'Enabled', mfaDelete: 'Enabled' },
    // Never versioned; its lifecycle rules make MFA delete impossible (the rule says so).
    { name: 'retainwise-logs', region: 'eu-west-1', lifecycleRules: 2 },
    { name: 'retainwise-backups-us', region: 'us-east-1', versioning: 'Suspended' },
    // Critical and done right for replication (to us-east-1) and lifecycle; prod-data, also critical, replicates nowhere.
    {
      name: 'retainwise-backups',
      region: 'eu-west-1',
      versioning: 'Enabled',
      tags: { env: 'prod', critical: 'true' },
      lifecycleRules: [{ id: 'glacier-after-30-days' }],
      replication: {
        role: 'arn:aws:iam::123456789012:role/retainwise-s3-replication',
        rules: [{ id: 'to-us-east-1', destinationBucket: 'retainwise-backups-us' }],
      },
    },
  );
}
