/** Mirrors S3 buckets, DynamoDB tables, log groups and secrets of an in-memory account into moto. */
import {
  CreateBucketCommand,
  type BucketLocationConstraint,
  PutBucketLifecycleConfigurationCommand,
  PutBucketReplicationCommand,
  PutBucketTaggingCommand,
  PutBucketVersioningCommand,
} from '@aws-sdk/client-s3';
import { CreateTableCommand, UpdateContinuousBackupsCommand } from '@aws-sdk/client-dynamodb';
import { CreateLogGroupCommand, PutRetentionPolicyCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateSecretCommand, DeleteSecretCommand, RotateSecretCommand } from '@aws-sdk/client-secrets-manager';
import type { MemoryBucket, MemoryLifecycleRule } from '../../../src/cli/demo/memory-account/s3.js';
import { secretArnSuffix } from '../../../src/cli/demo/memory-account/secretsmanager.js';
import { type MirrorContext, regional } from './context.js';

export async function createBucket(context: MirrorContext, name: string, region: string): Promise<void> {
  await context.clients(region).s3.send(
    new CreateBucketCommand({
      Bucket: name,
      ...(region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: region as BucketLocationConstraint } }),
    }),
  );
}

function lifecycleRules(bucket: MemoryBucket): MemoryLifecycleRule[] {
  if (typeof bucket.lifecycleRules === 'number') return Array.from({ length: bucket.lifecycleRules }, (_, i) => ({ id: `rule-${i}` }));
  return bucket.lifecycleRules ?? [];
}

export async function mirrorS3(context: MirrorContext): Promise<void> {
  for (const bucket of context.account.s3.buckets) await createBucket(context, bucket.name, bucket.region);
  for (const bucket of context.account.s3.buckets) {
    const { s3 } = context.clients(bucket.region);
    if (bucket.versioning) {
      await s3.send(new PutBucketVersioningCommand({ Bucket: bucket.name, VersioningConfiguration: { Status: bucket.versioning } }));
    }
    if (bucket.mfaDelete) {
      // PutBucketVersioning with MFADelete needs the root user's MFA token; moto keeps no MFADelete at all.
      context.approximations.push(`s3: MFADelete=${bucket.mfaDelete} on ${bucket.name} (moto does not keep MFADelete)`);
    }
    if (bucket.tags && Object.keys(bucket.tags).length > 0) {
      await s3.send(
        new PutBucketTaggingCommand({ Bucket: bucket.name, Tagging: { TagSet: Object.entries(bucket.tags).map(([Key, Value]) => ({ Key, Value })) } }),
      );
    }
    const rules = lifecycleRules(bucket);
    if (rules.length > 0) {
      await s3.send(
        new PutBucketLifecycleConfigurationCommand({
          Bucket: bucket.name,
          LifecycleConfiguration: {
            Rules: rules.map((r, i) => ({ ID: r.id ?? `rule-${i}`, Status: r.status ?? 'Enabled', Filter: { Prefix: '' }, Expiration: { Days: 365 } })),
          },
        }),
      );
    }
    if (bucket.replication && bucket.replication.rules.length > 0) {
      await s3.send(
        new PutBucketReplicationCommand({
          Bucket: bucket.name,
          ReplicationConfiguration: {
            Role: bucket.replication.role ?? `arn:aws:iam::${context.account.accountId}:role/s3-replication`,
            Rules: bucket.replication.rules.map((r, i) => ({
              ID: r.id ?? `replication-${i}`,
              Priority: r.priority ?? i,
              Status: r.status ?? 'Enabled',
              Filter: {},
              DeleteMarkerReplication: { Status: 'Disabled' },
              Destination: { Bucket: `arn:aws:s3:::${r.destinationBucket}`, ...(r.destinationAccount ? { Account: r.destinationAccount } : {}) },
            })),
          },
        }),
      );
    }
  }
}

export async function mirrorDynamoDb(context: MirrorContext, region: string): Promise<void> {
  const { dynamodb } = context.clients(region);
  for (const table of regional(context, region)?.dynamodb.tables ?? []) {
    await dynamodb.send(
      new CreateTableCommand({
        TableName: table.name,
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    if (table.pitr) {
      await dynamodb.send(
        new UpdateContinuousBackupsCommand({
          TableName: table.name,
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true, RecoveryPeriodInDays: table.recoveryPeriodInDays ?? 35 },
        }),
      );
    }
  }
}

export async function mirrorLogs(context: MirrorContext, region: string): Promise<void> {
  const { logs } = context.clients(region);
  for (const group of regional(context, region)?.logs.logGroups ?? []) {
    await logs.send(new CreateLogGroupCommand({ logGroupName: group.name, ...(group.logGroupClass ? { logGroupClass: group.logGroupClass } : {}) }));
    if (group.retentionInDays !== undefined) {
      await logs.send(new PutRetentionPolicyCommand({ logGroupName: group.name, retentionInDays: group.retentionInDays }));
    }
  }
}

export async function mirrorSecrets(context: MirrorContext, region: string): Promise<void> {
  const { secretsmanager } = context.clients(region);
  const { accountId } = context.account;
  for (const secret of regional(context, region)?.secretsmanager.secrets ?? []) {
    const created = await secretsmanager.send(new CreateSecretCommand({ Name: secret.name, Description: secret.description, SecretString: 'sample' }));
    const memoryArn = `arn:aws:secretsmanager:${region}:${accountId}:secret:${secret.name}-${secret.arnSuffix ?? secretArnSuffix(secret.name)}`;
    if (created.ARN) context.ids.set(memoryArn, created.ARN);
    context.approximations.push(`secretsmanager: ${secret.name} created and rotated now (moto stamps CreatedDate and LastRotatedDate itself)`);
    if (secret.rotationEnabled) {
      // No rotation function: moto would invoke it (AWS needs one; moto rotates without).
      await secretsmanager.send(new RotateSecretCommand({ SecretId: secret.name, RotationRules: { AutomaticallyAfterDays: secret.rotationDays ?? 30 } }));
    }
    if (secret.deletedAt) await secretsmanager.send(new DeleteSecretCommand({ SecretId: secret.name, RecoveryWindowInDays: 30 }));
  }
}
