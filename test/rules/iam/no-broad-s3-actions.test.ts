import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListEntitiesForPolicyCommand,
  ListPoliciesCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { iamNoBroadS3Actions as rule } from '../../../src/rules/iam/no-broad-s3-actions.js';
import { accessDenied, ACCOUNT, runRule, throttled, verdicts } from '../../helpers/aws.js';
import { ADMIN, awsPolicyArn, type Doc, encoded, LEAST_PRIVILEGE, managedPolicy, noSuchEntity, policyArn, role, S3_ALL } from './iam.js';

const iam = mockClient(IAMClient);

const S3_FULL_ACCESS = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: ['s3:*', 's3-object-lambda:*'], Resource: '*' }],
};

/** Customer and AWS managed policies, each with its document and the roles it is attached to. */
function policies(entries: Array<{ name: string; document: Doc; roles: string[]; aws?: boolean; attachments?: number }>) {
  const describe = (e: (typeof entries)[number]) =>
    managedPolicy(e.name, { Arn: e.aws ? awsPolicyArn(e.name) : policyArn(e.name), AttachmentCount: e.attachments ?? e.roles.length });
  iam.on(ListPoliciesCommand, { Scope: 'Local' }).resolves({ Policies: entries.filter((e) => !e.aws).map(describe), IsTruncated: false });
  iam.on(ListPoliciesCommand, { Scope: 'AWS' }).resolves({ Policies: entries.filter((e) => e.aws).map(describe), IsTruncated: false });
  for (const e of entries) {
    const arn = e.aws ? awsPolicyArn(e.name) : policyArn(e.name);
    iam.on(GetPolicyVersionCommand, { PolicyArn: arn }).resolves({ PolicyVersion: { Document: encoded(e.document), VersionId: 'v1' } });
    iam.on(ListEntitiesForPolicyCommand, { PolicyArn: arn }).resolves({ PolicyRoles: e.roles.map((RoleName) => ({ RoleName })), IsTruncated: false });
  }
}

function noInlinePolicies() {
  iam.on(ListRolesCommand).resolves({ Roles: [], IsTruncated: false });
}

describe('iam-no-broad-s3-actions', () => {
  beforeEach(() => iam.reset());

  it("passes a role policy scoped like the seed's correct example, naming the roles", async () => {
    // Prepare
    policies([{ name: 'retainwise-app', document: LEAST_PRIVILEGE, roles: ['retainwise-api-task'] }]);
    noInlinePolicies();
    // Act
    const { findings } = await runRule(rule);
    // Assess
    expect(verdicts(findings)).toEqual({
      'retainwise-app':
        'PASS: policy retainwise-app (attached to role retainwise-api-task) grants no broad S3 access (no s3:*, s3:DeleteBucket or S3 write on every bucket)',
    });
    expect(findings[0]).toMatchObject({ resourceId: policyArn('retainwise-app'), resourceType: 'AWS::IAM::Policy', region: 'global', severity: 'HIGH' });
    expect(iam).toHaveReceivedCommandWith(ListEntitiesForPolicyCommand, { EntityFilter: 'Role', PolicyUsageFilter: 'PermissionsPolicy' });
    expect(iam).toHaveReceivedCommandWith(ListPoliciesCommand, { Scope: 'AWS', OnlyAttached: true, PolicyUsageFilter: 'PermissionsPolicy' });
  });

  it('fails s3:* in an inline role policy, and AWS managed AmazonS3FullAccess on roles', async () => {
    policies([{ name: 'AmazonS3FullAccess', aws: true, document: S3_FULL_ACCESS, roles: ['etl', 'reports'] }]);
    iam.on(ListRolesCommand).resolves({ Roles: [role('ecsTaskExecutionRole')], IsTruncated: false });
    iam.on(ListRolePoliciesCommand).resolves({ PolicyNames: ['s3-access'], IsTruncated: false });
    iam.on(GetRolePolicyCommand).resolves({ PolicyDocument: encoded(S3_ALL) });

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      AmazonS3FullAccess: 'FAIL: AWS managed policy AmazonS3FullAccess (attached to 2 roles (etl, reports)) allows every S3 action ("s3:*") on "*"',
      'role/ecsTaskExecutionRole/s3-access': 'FAIL: inline policy s3-access of role ecsTaskExecutionRole allows every S3 action ("s3:*") on "*"',
    });
    expect(findings.find((f) => f.resourceName === 'AmazonS3FullAccess')?.evidence).toEqual({
      roles: ['etl', 'reports'],
      grants: [{ statement: 'statement 1', kind: 'all-actions', actions: ['s3:*'], conditional: false }],
    });
  });

  it('fails s3:DeleteBucket on a named bucket and S3 writes on every bucket, under a condition too', async () => {
    policies([
      {
        name: 'uploader',
        roles: ['api'],
        document: {
          Statement: [
            { Effect: 'Allow', Action: ['s3:GetObject', 's3:Delete*'], Resource: 'arn:aws:s3:::retainwise-uploads' },
            { Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::*/*', Condition: { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } } },
          ],
        },
      },
    ]);
    noInlinePolicies();

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      uploader:
        'FAIL: policy uploader (attached to role api) allows s3:DeleteBucket ("s3:Delete*") on "arn:aws:s3:::retainwise-uploads"; ' +
        'S3 writes ("s3:PutObject") on "arn:aws:s3:::*/*" under a condition',
    });
  });

  it('counts administrator policies too: "*" grants every S3 action', async () => {
    policies([{ name: 'AdministratorAccess-legacy', document: ADMIN, roles: ['legacy-deploy'] }]);
    noInlinePolicies();

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      'AdministratorAccess-legacy': 'FAIL: policy AdministratorAccess-legacy (attached to role legacy-deploy) allows every S3 action ("*") on "*"',
    });
  });

  it('lists only policies on roles: not user-only ones, nor the policies of service-linked roles', async () => {
    policies([
      { name: 'users-only', document: S3_ALL, roles: [], attachments: 2 },
      { name: 'aws-service-role/AmazonECSServiceRolePolicy', aws: true, document: S3_ALL, roles: ['AWSServiceRoleForECS'] },
      { name: 'AmazonS3FullAccess', aws: true, document: S3_FULL_ACCESS, roles: ['etl'] },
    ]);
    noInlinePolicies();

    const { findings } = await runRule(rule);

    expect(Object.keys(verdicts(findings))).toEqual(['AmazonS3FullAccess']);
    expect(iam).toHaveReceivedCommandWith(ListEntitiesForPolicyCommand, { PolicyArn: policyArn('users-only') });
    expect(iam).not.toHaveReceivedCommandWith(ListEntitiesForPolicyCommand, { PolicyArn: awsPolicyArn('aws-service-role/AmazonECSServiceRolePolicy') });
  });

  it('is NOT_APPLICABLE for the account when no policy is on a role (AWS managed ones excluded by param)', async () => {
    policies([
      { name: 'users-only', document: S3_ALL, roles: [], attachments: 2 },
      { name: 'AmazonS3FullAccess', aws: true, document: S3_FULL_ACCESS, roles: ['etl'] },
    ]);
    noInlinePolicies();

    const { findings } = await runRule(rule, { params: { includeAwsManagedPolicies: false } });

    expect(verdicts(findings)).toEqual({ [ACCOUNT]: 'NOT_APPLICABLE: no AWS::IAM::Policy in global' });
    expect(iam).not.toHaveReceivedCommandWith(ListPoliciesCommand, { Scope: 'AWS' });
  });

  it('closes (RESOLVED), never opens, the finding of a policy an event names once it is on no role: sweeps list role policies only', async () => {
    iam.on(GetPolicyCommand).resolves({ Policy: managedPolicy('detached', { AttachmentCount: 0 }) });
    iam.on(GetPolicyVersionCommand).resolves({ PolicyVersion: { Document: encoded(S3_ALL) } });
    iam.on(ListEntitiesForPolicyCommand).resolves({ PolicyRoles: [], IsTruncated: false });

    const { findings } = await runRule(rule, { target: { region: 'us-east-1', resourceNames: [policyArn('detached')] } });

    expect(verdicts(findings)).toEqual({ detached: 'RESOLVED: policy detached is attached to no role' });
    expect(iam).not.toHaveReceivedCommand(ListPoliciesCommand);
  });

  it('closes (RESOLVED) the findings of what a sweep does not list when an event names it: AWS managed (excluded by param), service-linked, user inline', async () => {
    const { findings } = await runRule(rule, {
      params: { includeAwsManagedPolicies: false },
      target: {
        region: 'us-east-1',
        resourceNames: [awsPolicyArn('AmazonS3FullAccess'), awsPolicyArn('aws-service-role/AmazonECSServiceRolePolicy'), 'user/alice/s3-all'],
      },
    });

    expect(verdicts(findings)).toEqual({
      AmazonS3FullAccess: `RESOLVED: ${awsPolicyArn('AmazonS3FullAccess')} is AWS managed (includeAwsManagedPolicies is false)`,
      AmazonECSServiceRolePolicy: `RESOLVED: ${awsPolicyArn('aws-service-role/AmazonECSServiceRolePolicy')} belongs to service-linked roles, which AWS maintains`,
      'user/alice/s3-all': 'RESOLVED: inline policy s3-all of user alice is not a role policy',
    });
  });

  it('re-evaluates an inline role policy an event names, and closes it (RESOLVED) once deleted', async () => {
    iam.on(GetRolePolicyCommand, { RoleName: 'api', PolicyName: 'fixed' }).resolves({ PolicyDocument: encoded(LEAST_PRIVILEGE) });
    iam.on(GetRolePolicyCommand, { RoleName: 'api', PolicyName: 'removed' }).rejects(noSuchEntity());

    const { findings } = await runRule(rule, { target: { region: 'us-east-1', resourceNames: ['role/api/fixed', 'role/api/removed'] } });

    expect(verdicts(findings)).toEqual({
      'role/api/fixed': 'PASS: inline policy fixed of role api grants no broad S3 access (no s3:*, s3:DeleteBucket or S3 write on every bucket)',
      'role/api/removed': 'RESOLVED: role/api/removed no longer exists',
    });
  });

  it('is ERROR, not PASS, when a role policy is denied, and the scan continues', async () => {
    policies([{ name: 'fine', document: LEAST_PRIVILEGE, roles: ['api'] }]);
    iam.on(ListRolesCommand).resolves({ Roles: [role('worker')], IsTruncated: false });
    iam.on(ListRolePoliciesCommand).resolves({ PolicyNames: ['secret'], IsTruncated: false });
    iam.on(GetRolePolicyCommand).rejects(accessDenied());

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      fine: 'PASS: policy fine (attached to role api) grants no broad S3 access (no s3:*, s3:DeleteBucket or S3 write on every bucket)',
      'role/worker/secret': 'ERROR: AccessDenied: User is not authorized to perform this action',
    });
  });

  it('is ERROR when throttling outlasts the retries', async () => {
    policies([{ name: 'busy', document: S3_ALL, roles: ['api'] }]);
    noInlinePolicies();
    iam.on(GetPolicyVersionCommand).rejects(throttled());

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({ busy: 'ERROR: ThrottlingException: Rate exceeded' });
  });

  it('is one account-level ERROR when the roles of a policy cannot be listed', async () => {
    policies([{ name: 'p', document: S3_ALL, roles: ['api'] }]);
    noInlinePolicies();
    iam.on(ListEntitiesForPolicyCommand).rejects(accessDenied());

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({ [ACCOUNT]: 'ERROR: could not list resources: AccessDenied: User is not authorized to perform this action' });
  });

  it('reads every page of ListPolicies, ListEntitiesForPolicy, ListRoles and ListRolePolicies', async () => {
    iam
      .on(ListPoliciesCommand, { Scope: 'Local' })
      .resolvesOnce({ Policies: [managedPolicy('p1')], IsTruncated: true, Marker: 'l1' })
      .resolvesOnce({ Policies: [managedPolicy('p2')], IsTruncated: false });
    iam
      .on(ListPoliciesCommand, { Scope: 'AWS' })
      .resolvesOnce({ Policies: [], IsTruncated: true, Marker: 'a1' })
      .resolvesOnce({ Policies: [managedPolicy('AmazonS3FullAccess', { Arn: awsPolicyArn('AmazonS3FullAccess') })], IsTruncated: false });
    iam.on(ListEntitiesForPolicyCommand).resolves({ PolicyRoles: [{ RoleName: 'api' }], IsTruncated: false });
    iam
      .on(ListEntitiesForPolicyCommand, { PolicyArn: policyArn('p2') })
      .resolvesOnce({ PolicyRoles: [], IsTruncated: true, Marker: 'e1' })
      .resolvesOnce({ PolicyRoles: [{ RoleName: 'late' }], IsTruncated: false });
    iam.on(GetPolicyVersionCommand).resolves({ PolicyVersion: { Document: encoded(LEAST_PRIVILEGE) } });
    iam
      .on(ListRolesCommand)
      .resolvesOnce({ Roles: [role('r1')], IsTruncated: true, Marker: 'r1' })
      .resolvesOnce({ Roles: [role('r2')], IsTruncated: false });
    iam.on(ListRolePoliciesCommand).resolves({ PolicyNames: [], IsTruncated: false });
    iam
      .on(ListRolePoliciesCommand, { RoleName: 'r2' })
      .resolvesOnce({ PolicyNames: ['a'], IsTruncated: true, Marker: 'rp1' })
      .resolvesOnce({ PolicyNames: ['b'], IsTruncated: false });
    iam.on(GetRolePolicyCommand).resolves({ PolicyDocument: encoded(LEAST_PRIVILEGE) });

    const { findings } = await runRule(rule);

    expect(findings.map((f) => `${f.resourceName}: ${f.status}`).sort()).toEqual([
      'AmazonS3FullAccess: PASS',
      'p1: PASS',
      'p2: PASS',
      'role/r2/a: PASS',
      'role/r2/b: PASS',
    ]);
    expect(iam).toHaveReceivedCommandWith(ListPoliciesCommand, { Scope: 'Local', Marker: 'l1' });
    expect(iam).toHaveReceivedCommandWith(ListPoliciesCommand, { Scope: 'AWS', Marker: 'a1' });
    expect(iam).toHaveReceivedCommandWith(ListEntitiesForPolicyCommand, { PolicyArn: policyArn('p2'), Marker: 'e1' });
    expect(iam).toHaveReceivedNthCommandWith(ListRolesCommand, 2, { Marker: 'r1' });
    expect(iam).toHaveReceivedCommandWith(ListRolePoliciesCommand, { RoleName: 'r2', Marker: 'rp1' });
  });
});
