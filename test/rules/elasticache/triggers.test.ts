import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import type { CloudTrailDetail, Rule } from '../../../src/rules/define-rule.js';
import { elasticacheRules } from '../../../src/rules/elasticache/index.js';
import { buildTriggerTable, cloudTrailEventSchema, routeCloudTrailDetail } from '#shared/engine/cloudtrail-router.js';
import { DescribeCacheClustersCommand, DescribeReplicationGroupsCommand } from '@aws-sdk/client-elasticache';
import { ScanSession } from '#shared/aws/scan-session.js';
import { ACCOUNT, REGION, runRule } from '../../helpers/aws.js';
import { cluster, clusterArn, elasticache, group, groupArn, listing, member } from './caches.js';

function fixture(name: string) {
  const raw: unknown = JSON.parse(readFileSync(new URL(`../../fixtures/cloudtrail/${name}.json`, import.meta.url), 'utf8'));
  return cloudTrailEventSchema.parse(raw);
}

/** What each rule re-evaluates for one event, as the router computes it from the rules' triggers. */
function targetsOf(name: string): Record<string, string[]> {
  const route = routeCloudTrailDetail(fixture(name).detail, buildTriggerTable(elasticacheRules));
  if (route.action !== 'evaluate') throw new Error(`${name} was skipped: ${route.message}`);
  expect(route.region).toBe('eu-west-1');
  return Object.fromEntries(route.targets.map((t) => [t.rule.id, t.resourceNames]));
}

const rule = (id: string): Rule => {
  const found = elasticacheRules.find((r) => r.id === id);
  if (!found) throw new Error(`no rule ${id}`);
  return found;
};

const RETAINWISE = clusterArn('retainwise-cache');
const SESSIONS = groupArn('sessions');

describe('elasticache triggers', () => {
  beforeEach(() => elasticache.reset());

  it('a record without recipientAccountId (eventVersion 1.01) names the group in the account the handler validated', () => {
    const { detail } = fixture('elasticache-ModifyReplicationGroup-eventVersion-1.01');
    expect(detail.recipientAccountId).toBeUndefined();

    const route = routeCloudTrailDetail(detail, buildTriggerTable(elasticacheRules), { accountId: ACCOUNT });

    expect(route.action).toBe('evaluate');
    const named = route.action === 'evaluate' ? [...new Set(route.targets.flatMap((t) => t.resourceNames))] : [];
    expect(named).toEqual([SESSIONS]);
    expect(Object.fromEntries(route.action === 'evaluate' ? route.targets.map((t) => [t.rule.id, t.resourceNames]) : [])).toEqual(
      Object.fromEntries(Object.entries(targetsOf('elasticache-ModifyReplicationGroup'))),
    );
  });

  it('CreateCacheCluster names the cluster, and re-runs the account-level availability check', () => {
    expect(targetsOf('elasticache-CreateCacheCluster')).toEqual({
      'elasticache-cache-available': [],
      'elasticache-automatic-backup': [RETAINWISE],
      'elasticache-encrypted-in-transit': [RETAINWISE],
      'elasticache-auto-minor-version-upgrade': [RETAINWISE],
      'elasticache-non-default-subnet-group': [RETAINWISE],
    });
  });

  it('CreateCacheCluster of a replica names its group for group-level settings, the cluster for its own', () => {
    expect(targetsOf('elasticache-CreateCacheCluster-replica')).toEqual({
      'elasticache-cache-available': [],
      'elasticache-automatic-backup': [SESSIONS],
      'elasticache-encrypted-in-transit': [SESSIONS],
      'elasticache-auto-minor-version-upgrade': [clusterArn('sessions-003')],
      'elasticache-non-default-subnet-group': [clusterArn('sessions-003')],
    });
  });

  it('ModifyCacheCluster names the cluster', () => {
    expect(targetsOf('elasticache-ModifyCacheCluster')).toEqual({
      'elasticache-automatic-backup': [RETAINWISE],
      'elasticache-encrypted-in-transit': [RETAINWISE],
      'elasticache-auto-minor-version-upgrade': [RETAINWISE],
      'elasticache-non-default-subnet-group': [RETAINWISE],
    });
  });

  it('ModifyCacheCluster of a member names its group when the response says which', () => {
    const { detail } = fixture('elasticache-ModifyCacheCluster');
    const memberDetail: CloudTrailDetail = {
      ...detail,
      requestParameters: { cacheClusterId: 'sessions-002', autoMinorVersionUpgrade: false, applyImmediately: true },
      responseElements: { cacheClusterId: 'sessions-002', replicationGroupId: 'sessions', cacheClusterStatus: 'modifying' },
    };
    const backup = rule('elasticache-automatic-backup').triggers.find((t) => t.eventNames.includes('ModifyCacheCluster'));
    const minor = rule('elasticache-auto-minor-version-upgrade').triggers[0];

    expect(backup?.resourceNames?.(memberDetail)).toEqual([SESSIONS]);
    expect(minor?.resourceNames?.(memberDetail)).toEqual([clusterArn('sessions-002')]);
  });

  it('DeleteCacheCluster names the cluster for every per-cache rule, and re-runs the availability check', () => {
    expect(targetsOf('elasticache-DeleteCacheCluster')).toEqual({
      'elasticache-cache-available': [],
      'elasticache-automatic-backup': [RETAINWISE],
      'elasticache-encrypted-in-transit': [RETAINWISE],
      'elasticache-auto-minor-version-upgrade': [RETAINWISE],
      'elasticache-non-default-subnet-group': [RETAINWISE],
    });
  });

  it('CreateReplicationGroup names the group', () => {
    expect(targetsOf('elasticache-CreateReplicationGroup')).toEqual({
      'elasticache-cache-available': [],
      'elasticache-automatic-backup': [SESSIONS],
      'elasticache-automatic-failover': [SESSIONS],
      'elasticache-encrypted-at-rest': [SESSIONS],
      'elasticache-encrypted-in-transit': [SESSIONS],
    });
  });

  it('ModifyReplicationGroup names the group', () => {
    expect(targetsOf('elasticache-ModifyReplicationGroup')).toEqual({
      'elasticache-automatic-backup': [SESSIONS],
      'elasticache-automatic-failover': [SESSIONS],
      'elasticache-encrypted-at-rest': [SESSIONS],
      'elasticache-encrypted-in-transit': [SESSIONS],
    });
  });

  it('DeleteReplicationGroup names the group, and its member clusters for per-cluster rules', () => {
    const members = [clusterArn('sessions-001'), clusterArn('sessions-002')];
    expect(targetsOf('elasticache-DeleteReplicationGroup')).toEqual({
      'elasticache-cache-available': [],
      'elasticache-automatic-backup': [SESSIONS],
      'elasticache-automatic-failover': [SESSIONS],
      'elasticache-encrypted-at-rest': [SESSIONS],
      'elasticache-encrypted-in-transit': [SESSIONS],
      'elasticache-auto-minor-version-upgrade': members,
      'elasticache-non-default-subnet-group': members,
    });
  });

  it('closes every per-cache finding of a deleted cache, though DescribeCacheClusters still lists it as deleting', async () => {
    // What ElastiCache answers right after the two calls of the fixtures: both caches are still listed.
    const deleting = {
      groups: [group('sessions', { Status: 'deleting' })],
      clusters: [
        member('sessions-001', 'sessions', { CacheClusterStatus: 'deleting' }),
        member('sessions-002', 'sessions', { CacheClusterStatus: 'deleting' }),
        cluster('retainwise-cache', { CacheClusterStatus: 'deleting' }),
      ],
    };
    const byRule = [targetsOf('elasticache-DeleteCacheCluster'), targetsOf('elasticache-DeleteReplicationGroup')];
    for (const mode of ['targeted', 'after a listing'] as const) {
      elasticache.reset();
      if (mode === 'targeted') {
        elasticache.on(DescribeCacheClustersCommand).callsFake((input: { CacheClusterId?: string }) => ({
          CacheClusters: deleting.clusters.filter((c) => c.CacheClusterId === input.CacheClusterId),
        }));
        elasticache.on(DescribeReplicationGroupsCommand).resolves({ ReplicationGroups: deleting.groups });
      } else {
        listing(deleting);
      }
      for (const resourceRule of elasticacheRules.filter((r) => r.scope === 'resource')) {
        const names = [...new Set(byRule.flatMap((t) => t[resourceRule.id] ?? []))];
        const session = new ScanSession();
        if (mode === 'after a listing') await runRule(resourceRule, { session });
        const { findings } = await runRule(resourceRule, { session, target: { region: REGION, resourceNames: names } });

        expect(names.length, resourceRule.id).toBeGreaterThan(0);
        expect(findings.map((f) => `${f.resourceName} ${f.status}`).sort(), `${resourceRule.id} ${mode}`).toEqual(
          names.map((n) => `${n.split(':').pop()} RESOLVED`).sort(),
        );
      }
    }
    // A sweep lists none of them any more: nothing re-opens what the events closed.
    const sweep = await runRule(rule('elasticache-automatic-backup'));
    expect(sweep.findings.map((f) => `${f.resourceType} ${f.status}`)).toEqual(['AWS::::Account NOT_APPLICABLE']);
  });

  it('builds nothing without the account that received the event (the sweep covers it)', () => {
    const { detail } = fixture('elasticache-ModifyReplicationGroup');
    const trigger = rule('elasticache-automatic-failover').triggers[0];

    expect(trigger?.resourceNames?.({ ...detail, recipientAccountId: undefined })).toEqual([]);
  });

  it('gives an event the same finding ids a sweep gives, for every resource rule', async () => {
    listing({
      groups: [group('sessions')],
      clusters: [member('sessions-001', 'sessions'), member('sessions-002', 'sessions'), member('sessions-003', 'sessions'), cluster('retainwise-cache')],
    });
    const events = ['elasticache-CreateCacheCluster', 'elasticache-CreateReplicationGroup', 'elasticache-CreateCacheCluster-replica'];
    const targets = events.map(targetsOf);

    for (const resourceRule of elasticacheRules.filter((r) => r.scope === 'resource')) {
      const names = [...new Set(targets.flatMap((t) => t[resourceRule.id] ?? []))];
      const sweep = await runRule(resourceRule);
      const targeted = await runRule(resourceRule, { target: { region: 'eu-west-1', resourceNames: names } });

      // Every name an event yields is a finding id of the sweep, and re-evaluating it hits that same id.
      const sweepIds = sweep.findings.map((f) => f.resourceId);
      expect(names.length, resourceRule.id).toBeGreaterThan(0);
      expect(sweepIds, resourceRule.id).toEqual(expect.arrayContaining(names));
      expect(targeted.findings.map((f) => f.resourceId).sort(), resourceRule.id).toEqual([...names].sort());
      expect(
        targeted.findings.every((f) => f.status !== 'RESOLVED'),
        resourceRule.id,
      ).toBe(true);
    }
  });
});
