import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CloudTrailDetail, Rule } from '../../../src/rules/define-rule.js';
import { iamRules } from '../../../src/rules/iam/index.js';
import { buildTriggerTable, cloudTrailEventSchema } from '#shared/engine/cloudtrail-router.js';
import { routeRecord } from '../../helpers/cloudtrail.js';

function fixture(eventName: string): { detail: CloudTrailDetail } {
  const url = new URL(`../../fixtures/cloudtrail/iam-${eventName}.json`, import.meta.url);
  const event = cloudTrailEventSchema.parse(JSON.parse(readFileSync(url, 'utf8')));
  return {
    detail: { ...event.detail, requestParameters: event.detail.requestParameters ?? null, responseElements: event.detail.responseElements ?? null },
  };
}

function rule(id: string): Rule {
  const found = iamRules.find((r) => r.id === id);
  if (!found) throw new Error(`no rule ${id}`);
  return found;
}

const LEGACY = 'arn:aws:iam::123456789012:policy/AdministratorAccess-legacy';

/** Every (rule, eventName) the IAM rules listen to, with the policy names each must extract. */
const EXPECTED: ReadonlyArray<[ruleId: string, eventName: string, names: string[] | 'account']> = [
  ['iam-no-admin-policy', 'CreatePolicy', [LEGACY]],
  ['iam-no-admin-policy', 'CreatePolicyVersion', [LEGACY]],
  ['iam-no-admin-policy', 'SetDefaultPolicyVersion', [LEGACY]],
  ['iam-no-admin-policy', 'DeletePolicy', [LEGACY]],
  ['iam-no-admin-policy', 'AttachRolePolicy', [LEGACY]],
  ['iam-no-admin-policy', 'DetachRolePolicy', [LEGACY]],
  ['iam-no-admin-policy', 'AttachUserPolicy', [LEGACY]],
  ['iam-no-admin-policy', 'DetachUserPolicy', [LEGACY]],
  ['iam-no-admin-policy', 'AttachGroupPolicy', [LEGACY]],
  ['iam-no-admin-policy', 'DetachGroupPolicy', [LEGACY]],
  ['iam-no-admin-policy', 'PutRolePolicy', ['role/ecsTaskExecutionRole/s3-access']],
  ['iam-no-admin-policy', 'DeleteRolePolicy', ['role/ecsTaskExecutionRole/s3-access']],
  ['iam-no-admin-policy', 'PutUserPolicy', ['user/ci-deployer/deploy']],
  ['iam-no-admin-policy', 'DeleteUserPolicy', ['user/ci-deployer/deploy']],
  ['iam-no-admin-policy', 'PutGroupPolicy', ['group/platform-admins/iam-admin']],
  ['iam-no-admin-policy', 'DeleteGroupPolicy', ['group/platform-admins/iam-admin']],
  ['iam-no-broad-s3-actions', 'CreatePolicyVersion', [LEGACY]],
  ['iam-no-broad-s3-actions', 'SetDefaultPolicyVersion', [LEGACY]],
  ['iam-no-broad-s3-actions', 'DeletePolicy', [LEGACY]],
  ['iam-no-broad-s3-actions', 'AttachRolePolicy', [LEGACY]],
  ['iam-no-broad-s3-actions', 'DetachRolePolicy', [LEGACY]],
  ['iam-no-broad-s3-actions', 'PutRolePolicy', ['role/ecsTaskExecutionRole/s3-access']],
  ['iam-no-broad-s3-actions', 'DeleteRolePolicy', ['role/ecsTaskExecutionRole/s3-access']],
  // Records attaching AWS's AdministratorAccess (the fixtures' `-AdministratorAccess` variants) name the principal.
  ['iam-no-aws-managed-admin-attached', 'AttachUserPolicy-AdministratorAccess', ['user/ci-deployer']],
  ['iam-no-aws-managed-admin-attached', 'DetachUserPolicy-AdministratorAccess', ['user/ci-deployer']],
  ['iam-no-aws-managed-admin-attached', 'AttachGroupPolicy-AdministratorAccess', ['group/platform-admins']],
  ['iam-no-aws-managed-admin-attached', 'DetachGroupPolicy-AdministratorAccess', ['group/platform-admins']],
  ['iam-no-aws-managed-admin-attached', 'AttachRolePolicy-AdministratorAccess', ['role/legacy-deploy']],
  ['iam-no-aws-managed-admin-attached', 'DetachRolePolicy-AdministratorAccess', ['role/legacy-deploy']],
  ['iam-root-mfa', 'EnableMFADevice', 'account'],
  ['iam-root-mfa', 'DeactivateMFADevice', 'account'],
];

describe('IAM CloudTrail triggers', () => {
  it('cover exactly the events listed here, all from iam.amazonaws.com', () => {
    const declared = iamRules.flatMap((r) => r.triggers.flatMap((t) => t.eventNames.map((name) => `${r.id} ${t.eventSource} ${name}`)));
    expect(declared.sort()).toEqual(EXPECTED.map(([id, name]) => `${id} iam.amazonaws.com ${name.split('-')[0]}`).sort());
  });

  it.each(EXPECTED)('%s extracts the policy from a real-shaped %s record (delivered in us-east-1)', (ruleId, file, names) => {
    const { detail } = fixture(file);
    const eventName = file.split('-')[0];
    const trigger = rule(ruleId).triggers.find((t) => t.eventNames.includes(eventName!));
    expect(detail).toMatchObject({ eventSource: 'iam.amazonaws.com', eventName, awsRegion: 'us-east-1' });
    if (names === 'account') expect(trigger?.resourceNames).toBeUndefined();
    else expect(trigger?.resourceNames?.(detail)).toEqual(names);
  });

  it('rebuilds the ARN of a CreatePolicy whose response was not logged, from path and name', () => {
    const { detail } = fixture('CreatePolicy');
    const trigger = rule('iam-no-admin-policy').triggers.find((t) => t.eventNames.includes('CreatePolicy'));

    const withPath = { ...detail, responseElements: null, requestParameters: { ...detail.requestParameters, path: '/legacy/' } };

    expect(trigger?.resourceNames?.(withPath)).toEqual(['arn:aws:iam::123456789012:policy/legacy/AdministratorAccess-legacy']);
  });

  it('routes attaching AWS managed AmazonS3FullAccess to the broad-S3 rule only (admin checks customer policies)', () => {
    const { detail } = fixture('AttachRolePolicy');
    const attach = { ...detail, requestParameters: { roleName: 'etl', policyArn: 'arn:aws:iam::aws:policy/AmazonS3FullAccess' } };

    const route = routeRecord(attach, buildTriggerTable(iamRules));

    expect(route.action === 'evaluate' && route.targets.map((t) => [t.rule.id, t.resourceNames])).toEqual([
      ['iam-no-broad-s3-actions', ['arn:aws:iam::aws:policy/AmazonS3FullAccess']],
    ]);
  });

  it('routes attaching AWS managed AdministratorAccess to the principal it went to, and no other policy to it', () => {
    const table = buildTriggerTable(iamRules);
    const targets = (name: string) => {
      const route = routeRecord(fixture(name).detail, table);
      return route.action === 'evaluate' ? route.targets.map((t) => [t.rule.id, t.resourceNames]) : route.reason;
    };

    expect(targets('AttachUserPolicy-AdministratorAccess')).toEqual([['iam-no-aws-managed-admin-attached', ['user/ci-deployer']]]);
    // Also on a role: AdministratorAccess grants s3:* too.
    expect(targets('DetachRolePolicy-AdministratorAccess')).toEqual([
      ['iam-no-aws-managed-admin-attached', ['role/legacy-deploy']],
      ['iam-no-broad-s3-actions', ['arn:aws:iam::aws:policy/AdministratorAccess']],
    ]);
    // A customer policy named like it, or another partition's ARN of it.
    expect(targets('AttachUserPolicy')).toEqual([['iam-no-admin-policy', [LEGACY]]]);
    const { detail } = fixture('AttachUserPolicy-AdministratorAccess');
    const china = { ...detail, requestParameters: { userName: 'ops', policyArn: 'arn:aws-cn:iam::aws:policy/AdministratorAccess' } };
    const lookalike = { ...detail, requestParameters: { userName: 'ops', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess-Amplify' } };
    expect(routeRecord(china, table)).toMatchObject({ action: 'evaluate', targets: [{ resourceNames: ['user/ops'] }] });
    expect(routeRecord(lookalike, table)).toMatchObject({ action: 'skip', reason: 'no-resource' });
  });

  it('routes PutRolePolicy to both policy rules for that inline policy', () => {
    const route = routeRecord(fixture('PutRolePolicy').detail, buildTriggerTable(iamRules));

    expect(route).toMatchObject({ action: 'evaluate', region: 'us-east-1', eventName: 'PutRolePolicy' });
    expect(route.action === 'evaluate' && route.targets.map((t) => [t.rule.id, t.resourceNames])).toEqual([
      ['iam-no-admin-policy', ['role/ecsTaskExecutionRole/s3-access']],
      ['iam-no-broad-s3-actions', ['role/ecsTaskExecutionRole/s3-access']],
    ]);
  });
});
