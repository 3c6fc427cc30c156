import { DescribeSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { defineRule, pass } from '../../src/rules/define-rule.js';
import { RULES } from '../../src/rules/index.js';
import { elasticacheAutomaticFailover } from '../../src/rules/elasticache/automatic-failover.js';
import { rdsMultiAz } from '../../src/rules/rds/multi-az.js';
import { rdsRecentSnapshot } from '../../src/rules/rds/recent-snapshot.js';
import { secretsmanagerRotationEnabled } from '../../src/rules/secretsmanager/rotation-enabled.js';
import { RuleDefinitionError } from '#shared/core/errors.js';
import { ACCOUNT, REGION, runRule } from '../helpers/aws.js';
import { elasticache, group, groupArn, listing as cacheListing } from './elasticache/caches.js';
import { instance, instanceArn, listing as rdsListing, rds } from './rds/databases.js';

const secretsmanager = mockClient(SecretsManagerClient);
const SECRET = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:db-password-Ab12Cd`;

const targeted = (name: string) => ({ target: { region: REGION, resourceNames: [name] } });

beforeEach(() => {
  rds.reset();
  elasticache.reset();
  secretsmanager.reset();
});

describe('settling: whether AWS is still applying a change', () => {
  it('says what RDS has pending: a changing status, or PendingModifiedValues naming settings', async () => {
    const arn = instanceArn('orders');
    const cases: Array<[Parameters<typeof instance>[1], string | undefined]> = [
      [{ DBInstanceStatus: 'modifying' }, 'DB instance orders is modifying'],
      [{ DBInstanceStatus: 'configuring-enhanced-monitoring' }, 'DB instance orders is configuring-enhanced-monitoring'],
      [{ PendingModifiedValues: { MultiAZ: true, DBInstanceClass: 'db.r6g.large' } }, 'DB instance orders has pending modifications: DBInstanceClass, MultiAZ'],
      // What DescribeDBInstances answers when nothing is pending: an empty object, or empty lists inside it.
      [{ PendingModifiedValues: {} }, undefined],
      [{ PendingModifiedValues: { ProcessorFeatures: [] } }, undefined],
      [{ DBInstanceStatus: 'stopped' }, undefined],
    ];
    for (const [overrides, pending] of cases) {
      rds.reset();
      rdsListing({ instances: [instance('orders', overrides)] });
      const { findings } = await runRule(rdsMultiAz, targeted(arn));
      expect(
        findings.map((f) => f.settlement),
        JSON.stringify(overrides),
      ).toEqual([pending ? { name: arn, pending } : { name: arn }]);
    }
  });

  it('is asked only in targeted evaluations (events, follow-ups), never in sweeps', async () => {
    rdsListing({ instances: [instance('orders', { DBInstanceStatus: 'modifying' })] });
    const { findings } = await runRule(rdsMultiAz);
    expect(findings.map((f) => f.settlement)).toEqual([undefined]);
  });

  it('follows an RDS snapshot while it is creating', async () => {
    rdsListing({
      instances: [instance('orders')],
      snapshots: [
        { DBSnapshotIdentifier: 'drill', DBInstanceIdentifier: 'orders', SnapshotType: 'manual', Status: 'creating', SnapshotCreateTime: new Date() },
      ],
    });
    const { findings } = await runRule(rdsRecentSnapshot, targeted(instanceArn('orders')));
    expect(findings[0]?.settlement?.pending).toBe(`1 snapshot of ${instanceArn('orders')} still creating`);
  });

  it('says an ElastiCache group is settled only once it leaves creating / modifying', async () => {
    for (const [Status, pending] of [
      ['modifying', 'replication group sessions is modifying'],
      ['available', undefined],
    ] as const) {
      elasticache.reset();
      cacheListing({ groups: [group('sessions', { Status })] });
      const { findings } = await runRule(elasticacheAutomaticFailover, targeted(groupArn('sessions')));
      expect(findings[0]?.settlement, Status).toEqual(pending ? { name: groupArn('sessions'), pending } : { name: groupArn('sessions') });
    }
  });

  it('says a secret is rotating while a version is AWSPENDING and not AWSCURRENT', async () => {
    const describe = (stages: Record<string, string[]> | undefined) => ({
      ARN: SECRET,
      Name: 'db-password',
      RotationEnabled: true,
      CreatedDate: new Date(),
      VersionIdsToStages: stages,
    });
    const cases: Array<[Record<string, string[]> | undefined, string | undefined]> = [
      [{ v1: ['AWSCURRENT'], v2: ['AWSPENDING'] }, 'a rotation of db-password is in progress (a version is AWSPENDING)'],
      [{ v1: ['AWSPREVIOUS'], v2: ['AWSCURRENT', 'AWSPENDING'] }, undefined],
      [{ v1: ['AWSCURRENT'] }, undefined],
      [undefined, 'DescribeSecret listed no version stages of db-password'],
    ];
    for (const [stages, pending] of cases) {
      secretsmanager.reset();
      secretsmanager.on(DescribeSecretCommand).resolves(describe(stages));
      const { findings } = await runRule(secretsmanagerRotationEnabled, targeted(SECRET));
      expect(findings[0]?.settlement?.pending, JSON.stringify(stages)).toBe(pending);
    }
  });

  it('counts a settling check that fails as still pending (the chain is bounded), and keeps the verdict', async () => {
    const rule = defineRule({
      ...rdsMultiAz,
      id: 'test-settling-throws',
      resources: async () => ['x'],
      evaluate: async () => pass('fine'),
      settling: async () => {
        throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
      },
    });
    const { findings } = await runRule(rule, targeted('x'));
    expect(findings.map((f) => [f.status, f.settlement?.pending])).toEqual([['PASS', 'cannot tell whether settled: ThrottlingException: Rate exceeded']]);
  });

  it('refuses a trigger that settles later on a rule that cannot tell when it settled', () => {
    const define = () => defineRule({ ...rdsMultiAz, id: 'test-no-settling', resources: async () => [], evaluate: async () => pass('x'), settling: undefined });
    expect(define).toThrow(RuleDefinitionError);
    expect(define).toThrow(/a trigger settles later, but the rule has no settling/);
  });

  it('marks the asynchronous calls of RDS, ElastiCache and Secrets Manager, and only rules that can tell', () => {
    const settlingEvents = (id: string) =>
      RULES.find((r) => r.id === id)!
        .triggers.filter((t) => t.settles)
        .flatMap((t) => t.eventNames);
    expect(settlingEvents('rds-backup-retention')).toEqual(
      expect.arrayContaining(['CreateDBInstance', 'ModifyDBInstance', 'ModifyDBCluster', 'RestoreDBInstanceFromDBSnapshot']),
    );
    expect(settlingEvents('rds-recent-snapshot')).toEqual(expect.arrayContaining(['CreateDBInstance', 'CreateDBSnapshot', 'CreateDBClusterSnapshot']));
    expect(settlingEvents('elasticache-automatic-backup')).toEqual(
      expect.arrayContaining(['CreateCacheCluster', 'ModifyCacheCluster', 'CreateReplicationGroup', 'ModifyReplicationGroup']),
    );
    expect(settlingEvents('secretsmanager-rotation-enabled')).toEqual(expect.arrayContaining(['RotateSecret']));
    for (const rule of RULES) {
      if (rule.triggers.some((t) => t.settles)) expect(rule.scope, rule.id).toBe('resource');
    }
  });
});
