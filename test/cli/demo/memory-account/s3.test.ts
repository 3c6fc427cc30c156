import { describe, expect, it } from 'vitest';
import { applyS3Sample } from '../../../../src/cli/demo/sample/s3.js';
import { s3Rules } from '../../../../src/rules/s3/index.js';
import { evaluate } from '#shared/engine/engine.js';
import { emptyAccount, memoryApiProvider } from '../../../../src/cli/demo/memory-account/index.js';
import { memoryS3Api } from '../../../../src/cli/demo/memory-account/s3.js';
import type { MemoryCall } from '../../../../src/cli/demo/memory-account/support.js';

const ACCOUNT = '123456789012';
const direct: MemoryCall = async (_service, _operation, _input, answer) => answer();

describe('memory S3 (replication and lifecycle)', () => {
  const api = memoryS3Api(
    {
      buckets: [
        { name: 'counted', region: 'eu-west-1', lifecycleRules: 2 },
        { name: 'listed', region: 'eu-west-1', lifecycleRules: [{ id: 'keep', status: 'Disabled' }] },
        { name: 'replicated', region: 'eu-west-1', replication: { rules: [{ destinationBucket: 'copy', destinationAccount: '210987654321' }] } },
      ],
    },
    direct,
  );

  it('answers lifecycle rules from a count (all Enabled) or from the rules, NoSuchLifecycleConfiguration from none', async () => {
    expect((await api.getBucketLifecycleConfiguration({ Bucket: 'counted' })).Rules?.map((r) => r.Status)).toEqual(['Enabled', 'Enabled']);
    expect((await api.getBucketLifecycleConfiguration({ Bucket: 'listed' })).Rules).toEqual([{ ID: 'keep', Status: 'Disabled' }]);
    await expect(api.getBucketLifecycleConfiguration({ Bucket: 'replicated' })).rejects.toMatchObject({ name: 'NoSuchLifecycleConfiguration' });
  });

  it('answers the replication configuration with destination ARNs, ReplicationConfigurationNotFoundError without one', async () => {
    const out = await api.getBucketReplication({ Bucket: 'replicated' });

    expect(out.ReplicationConfiguration?.Rules).toEqual([
      expect.objectContaining({ Status: 'Enabled', Destination: { Bucket: 'arn:aws:s3:::copy', Account: '210987654321' } }),
    ]);
    await expect(api.getBucketReplication({ Bucket: 'counted' })).rejects.toMatchObject({ name: 'ReplicationConfigurationNotFoundError' });
    await expect(api.getBucketReplication({ Bucket: 'nope' })).rejects.toMatchObject({ name: 'NoSuchBucket' });
  });
});

describe('the demo sample (S3 replication and lifecycle)', () => {
  it('replicates retainwise-backups to us-east-1 (PASS) but not prod-data (FAIL); lifecycle on logs and backups only', async () => {
    const account = emptyAccount(ACCOUNT, ['eu-west-1', 'us-east-1']);
    applyS3Sample(account);

    const { findings } = await evaluate({
      accountId: ACCOUNT,
      regions: ['eu-west-1', 'us-east-1'],
      rules: s3Rules.filter((r) => r.id === 's3-bucket-replication' || r.id === 's3-bucket-lifecycle-configured').map((r) => r.bind()),
      apis: memoryApiProvider(account),
    });

    expect(findings.map((f) => `${f.ruleId} ${f.resourceName} ${f.status}: ${f.reason}`)).toEqual([
      's3-bucket-lifecycle-configured prod-data FAIL: prod-data has no lifecycle configuration',
      's3-bucket-lifecycle-configured retainwise-backups PASS: retainwise-backups has 1 Enabled lifecycle rule',
      's3-bucket-lifecycle-configured retainwise-logs PASS: retainwise-logs has 2 Enabled lifecycle rules',
      's3-bucket-lifecycle-configured retainwise-uploads FAIL: retainwise-uploads has no lifecycle configuration (MFA delete is Enabled on it, and S3 does not support lifecycle rules on MFA delete buckets)',
      's3-bucket-lifecycle-configured retainwise-backups-us FAIL: retainwise-backups-us has no lifecycle configuration',
      's3-bucket-replication prod-data FAIL: prod-data has no replication configuration',
      's3-bucket-replication retainwise-backups PASS: retainwise-backups (eu-west-1) replicates to retainwise-backups-us (us-east-1)',
      's3-bucket-replication retainwise-logs NOT_APPLICABLE: retainwise-logs is not tagged critical=true',
      's3-bucket-replication retainwise-uploads NOT_APPLICABLE: retainwise-uploads is not tagged critical=true',
      's3-bucket-replication retainwise-backups-us NOT_APPLICABLE: retainwise-backups-us is not tagged critical=true',
    ]);
  });
});
