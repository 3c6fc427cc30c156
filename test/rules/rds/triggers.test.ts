import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Rule } from '../../../src/rules/define-rule.js';
import { rdsRules } from '../../../src/rules/rds/index.js';
import { buildTriggerTable, cloudTrailEventSchema, routeCloudTrailDetail } from '#shared/engine/cloudtrail-router.js';
import { ACCOUNT, runRule } from '../../helpers/aws.js';
import { cluster, clusterArn, clusterSnapshot, instance, instanceArn, listing, member, rds, replica, snapshot } from './databases.js';

function fixture(name: string) {
  const raw: unknown = JSON.parse(readFileSync(new URL(`../../fixtures/cloudtrail/${name}.json`, import.meta.url), 'utf8'));
  return cloudTrailEventSchema.parse(raw);
}

/** What each rule re-evaluates for one event, as the router computes it from the rules' triggers. */
function targetsOf(name: string): Record<string, string[]> {
  const route = routeCloudTrailDetail(fixture(name).detail, buildTriggerTable(rdsRules));
  if (route.action !== 'evaluate') throw new Error(`${name} was skipped: ${route.message}`);
  expect(route.region).toBe('eu-west-1');
  return Object.fromEntries(route.targets.map((t) => [t.rule.id, t.resourceNames]));
}

const rule = (id: string): Rule => {
  const found = rdsRules.find((r) => r.id === id);
  if (!found) throw new Error(`no rule ${id}`);
  return found;
};

/** Every RDS rule re-evaluating the same names. */
const all = (...names: string[]) => ({
  'rds-backup-retention': names,
  'rds-multi-az': names,
  'rds-storage-encrypted': names,
  'rds-recent-snapshot': names,
});

describe('rds triggers', () => {
  beforeEach(() => rds.reset());

  it.each([
    ['rds-CreateDBInstance', instanceArn('retainwise-db')],
    ['rds-CreateDBInstanceReadReplica', instanceArn('retainwise-db-replica')],
    ['rds-RestoreDBInstanceFromDBSnapshot', instanceArn('retainwise-db-restored-test')],
    ['rds-RestoreDBInstanceToPointInTime', instanceArn('retainwise-db-pitr')],
    ['rds-ModifyDBInstance', instanceArn('analytics-db')],
    ['rds-DeleteDBInstance', instanceArn('analytics-db')],
    ['rds-CreateDBCluster', clusterArn('reporting')],
    ['rds-ModifyDBCluster', clusterArn('reporting')],
    ['rds-DeleteDBCluster', clusterArn('reporting')],
    ['rds-RestoreDBClusterFromSnapshot', clusterArn('reporting-restored')],
    ['rds-RestoreDBClusterToPointInTime', clusterArn('reporting-pitr')],
  ])('%s names the database every RDS rule re-evaluates', (name, arn) => {
    expect(targetsOf(name)).toEqual(all(arn));
  });

  it('a record without recipientAccountId (eventVersion 1.01) names the database in the account the handler validated', () => {
    const { detail } = fixture('rds-ModifyDBInstance-eventVersion-1.01');
    expect(detail.recipientAccountId).toBeUndefined();

    const route = routeCloudTrailDetail(detail, buildTriggerTable(rdsRules), { accountId: ACCOUNT });

    expect(route.action === 'evaluate' && Object.fromEntries(route.targets.map((t) => [t.rule.id, t.resourceNames]))).toEqual(all(instanceArn('analytics-db')));
    // The account the handler validated is the one evaluated: it wins over whatever the record says.
    const other = routeCloudTrailDetail({ ...detail, recipientAccountId: '210987654321' }, buildTriggerTable(rdsRules), { accountId: ACCOUNT });
    expect(other.action === 'evaluate' && other.targets[0]?.resourceNames).toEqual([instanceArn('analytics-db')]);
  });

  it('CreateDBInstance of an Aurora member names its cluster, which carries every judged setting', () => {
    expect(targetsOf('rds-CreateDBInstance-aurora')).toEqual(all(clusterArn('reporting')));
  });

  it('PromoteReadReplica re-runs the backup rules on the promoted instance', () => {
    expect(targetsOf('rds-PromoteReadReplica')).toEqual({
      'rds-backup-retention': [instanceArn('retainwise-db-replica')],
      'rds-recent-snapshot': [instanceArn('retainwise-db-replica')],
    });
  });

  it('snapshot calls re-run the recent-snapshot check of the database they are of', () => {
    expect(targetsOf('rds-CreateDBSnapshot')).toEqual({ 'rds-recent-snapshot': [instanceArn('retainwise-db')] });
    // DeleteDBSnapshot names only the snapshot: the response says whose it was.
    expect(targetsOf('rds-DeleteDBSnapshot')).toEqual({ 'rds-recent-snapshot': [instanceArn('analytics-db')] });
    expect(targetsOf('rds-CreateDBClusterSnapshot')).toEqual({ 'rds-recent-snapshot': [clusterArn('reporting')] });
    expect(targetsOf('rds-DeleteDBClusterSnapshot')).toEqual({ 'rds-recent-snapshot': [clusterArn('reporting')] });
  });

  it('ModifyDBInstance of an Aurora member names its cluster when the response says which', () => {
    const { detail } = fixture('rds-ModifyDBInstance');
    const memberDetail = {
      ...detail,
      requestParameters: { dBInstanceIdentifier: 'reporting-2', dBInstanceClass: 'db.r6g.xlarge', applyImmediately: true },
      responseElements: { dBInstanceIdentifier: 'reporting-2', dBClusterIdentifier: 'reporting', dBInstanceStatus: 'modifying' },
    };
    const trigger = rule('rds-multi-az').triggers.find((t) => t.eventNames.includes('ModifyDBInstance'));

    expect(trigger?.resourceNames?.(memberDetail)).toEqual([clusterArn('reporting')]);
  });

  it('a rename names the old ARN (its finding closes) and the new one; identifiers are lower-cased, ARNs reduced', () => {
    const { detail } = fixture('rds-ModifyDBInstance');
    const instanceTrigger = rule('rds-storage-encrypted').triggers.find((t) => t.eventNames.includes('ModifyDBInstance'));
    const clusterTrigger = rule('rds-storage-encrypted').triggers.find((t) => t.eventNames.includes('ModifyDBCluster'));

    const renamed = instanceTrigger?.resourceNames?.({
      ...detail,
      requestParameters: { dBInstanceIdentifier: 'Analytics-DB', newDBInstanceIdentifier: 'analytics-db-v2', applyImmediately: true },
      responseElements: { dBInstanceIdentifier: 'analytics-db' },
    });
    const byArn = clusterTrigger?.resourceNames?.({
      ...detail,
      eventName: 'ModifyDBCluster',
      requestParameters: { dBClusterIdentifier: 'arn:aws:rds:eu-west-1:123456789012:cluster:reporting', newDBClusterIdentifier: 'Reporting-V2' },
      responseElements: null,
    });

    expect(renamed).toEqual([instanceArn('analytics-db'), instanceArn('analytics-db-v2')]);
    expect(byArn).toEqual([clusterArn('reporting'), clusterArn('reporting-v2')]);
  });

  it('builds nothing without the account that received the event (the sweep covers it)', () => {
    const { detail } = fixture('rds-ModifyDBCluster');
    const trigger = rule('rds-backup-retention').triggers.find((t) => t.eventNames.includes('ModifyDBCluster'));

    expect(trigger?.resourceNames?.({ ...detail, recipientAccountId: undefined })).toEqual([]);
  });

  it('gives an event the same finding ids a sweep gives, for every rule', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-04T12:00:00Z'));
    const recent = new Date('2026-03-04T03:10:00Z');
    listing({
      clusters: [cluster('reporting')],
      instances: [
        instance('retainwise-db'),
        instance('analytics-db', { MultiAZ: false, StorageEncrypted: false, BackupRetentionPeriod: 1 }),
        instance('retainwise-db-restored-test'),
        member('reporting-1', 'reporting', 'eu-west-1a'),
        member('reporting-2', 'reporting', 'eu-west-1b'),
        replica('retainwise-db-replica', 'retainwise-db'),
      ],
      snapshots: [snapshot('rds:retainwise-db-2026-03-04-03-10', 'retainwise-db', recent)],
      clusterSnapshots: [clusterSnapshot('rds:reporting-2026-03-04-03-10', 'reporting', recent)],
    });
    const events = [
      'rds-CreateDBInstance',
      'rds-CreateDBInstance-aurora',
      'rds-ModifyDBInstance',
      'rds-CreateDBInstanceReadReplica',
      'rds-RestoreDBInstanceFromDBSnapshot',
      'rds-ModifyDBCluster',
      'rds-CreateDBSnapshot',
    ];
    const targets = events.map(targetsOf);

    try {
      for (const resourceRule of rdsRules) {
        const names = [...new Set(targets.flatMap((t) => t[resourceRule.id] ?? []))];
        const sweep = await runRule(resourceRule);
        const targeted = await runRule(resourceRule, { target: { region: 'eu-west-1', resourceNames: names } });

        // Every name an event yields is a finding id of the sweep, and re-evaluating it hits that same id.
        const sweepIds = sweep.findings.map((f) => f.resourceId);
        expect(names.length, resourceRule.id).toBeGreaterThan(0);
        expect(sweepIds, resourceRule.id).toEqual(expect.arrayContaining(names));
        expect(targeted.findings.map((f) => f.resourceId).sort(), resourceRule.id).toEqual([...names].sort());
        expect(
          targeted.findings.every((f) => f.status !== 'RESOLVED' && f.status !== 'ERROR'),
          resourceRule.id,
        ).toBe(true);
        // ...and reaches the same verdict.
        const sweepVerdicts = Object.fromEntries(sweep.findings.map((f) => [f.resourceId, `${f.status}: ${f.reason}`]));
        for (const f of targeted.findings) expect(`${f.status}: ${f.reason}`, f.resourceId).toBe(sweepVerdicts[f.resourceId]);
      }
    } finally {
      vi.useRealTimers();
    }
  });
});
