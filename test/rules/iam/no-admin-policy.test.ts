import {
  GetGroupPolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRolePolicyCommand,
  GetUserPolicyCommand,
  IAMClient,
  ListGroupPoliciesCommand,
  ListGroupsCommand,
  ListPoliciesCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
  ListUserPoliciesCommand,
  ListUsersCommand,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { iamNoAdminPolicy as rule } from '../../../src/rules/iam/no-admin-policy.js';
import { accessDenied, ACCOUNT, runRule, throttled, verdicts } from '../../helpers/aws.js';
import { ADMIN, encoded, LEAST_PRIVILEGE, managedPolicy, noSuchEntity, policyArn, role } from './iam.js';

const iam = mockClient(IAMClient);

const user = (UserName: string) => ({
  UserName,
  Path: '/',
  UserId: `AIDA${UserName}`,
  Arn: `arn:aws:iam::${ACCOUNT}:user/${UserName}`,
  CreateDate: new Date(),
});
const group = (GroupName: string) => ({
  GroupName,
  Path: '/',
  GroupId: `AGPA${GroupName}`,
  Arn: `arn:aws:iam::${ACCOUNT}:group/${GroupName}`,
  CreateDate: new Date(),
});

/** An account with no principals; tests add what they need. */
function noPrincipals() {
  iam.on(ListRolesCommand).resolves({ Roles: [], IsTruncated: false });
  iam.on(ListUsersCommand).resolves({ Users: [], IsTruncated: false });
  iam.on(ListGroupsCommand).resolves({ Groups: [], IsTruncated: false });
}

function managed(...entries: Array<[ReturnType<typeof managedPolicy>, Record<string, unknown>]>) {
  iam.on(ListPoliciesCommand).resolves({ Policies: entries.map(([p]) => p), IsTruncated: false });
  for (const [p, document] of entries) {
    iam.on(GetPolicyVersionCommand, { PolicyArn: p.Arn }).resolves({ PolicyVersion: { Document: encoded(document), VersionId: 'v1', IsDefaultVersion: true } });
  }
}

describe('iam-no-admin-policy', () => {
  beforeEach(() => {
    iam.reset();
    noPrincipals();
  });

  it('passes a least-privilege customer policy, once per account, asking IAM in us-east-1', async () => {
    // Prepare
    managed([managedPolicy('retainwise-app'), LEAST_PRIVILEGE]);
    // Act
    const { findings } = await runRule(rule, { regions: ['eu-west-1', 'eu-central-1'] });
    // Assess
    expect(verdicts(findings)).toEqual({ 'retainwise-app': 'PASS: policy retainwise-app grants no administrator access' });
    expect(findings[0]).toMatchObject({
      resourceId: policyArn('retainwise-app'),
      resourceType: 'AWS::IAM::Policy',
      region: 'global',
      severity: 'CRITICAL',
      evidence: { attachmentCount: 1, defaultVersionId: 'v1', grants: [] },
    });
    expect(iam).toHaveReceivedCommandWith(ListPoliciesCommand, { Scope: 'Local', OnlyAttached: false });
    expect(iam).toHaveReceivedCommandWith(GetPolicyVersionCommand, { PolicyArn: policyArn('retainwise-app'), VersionId: 'v1' });
    const client = iam.commandCalls(ListPoliciesCommand)[0]?.thisValue as IAMClient;
    expect(await client.config.region()).toBe('us-east-1');
  });

  it('fails a customer policy allowing "*" on "*", and says when it is attached to nothing yet', async () => {
    managed(
      [managedPolicy('AdministratorAccess-legacy'), ADMIN],
      [managedPolicy('spare-admin', { AttachmentCount: 0 }), { Statement: { Effect: 'Allow', Action: '*:*', Resource: 'arn:aws:*:*:*:*' } }],
    );

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      'AdministratorAccess-legacy': 'FAIL: policy AdministratorAccess-legacy grants administrator access: Allow "*" on "*"',
      'spare-admin': 'FAIL: policy spare-admin grants administrator access: Allow "*:*" on "arn:aws:*:*:*:*"; it is attached to nothing yet',
    });
    expect(findings.find((f) => f.resourceName === 'AdministratorAccess-legacy')?.evidence).toMatchObject({
      grants: [{ statement: 'statement 1', kind: 'every-action', conditional: false }],
    });
  });

  it('fails inline policies of roles, users and groups, naming them role/<role>/<policy>', async () => {
    iam.on(ListPoliciesCommand).resolves({ Policies: [], IsTruncated: false });
    iam.on(ListRolesCommand).resolves({ Roles: [role('ops-break-glass')], IsTruncated: false });
    iam.on(ListUsersCommand).resolves({ Users: [user('ci-deployer')], IsTruncated: false });
    iam.on(ListGroupsCommand).resolves({ Groups: [group('admins')], IsTruncated: false });
    iam.on(ListRolePoliciesCommand).resolves({ PolicyNames: ['everything'], IsTruncated: false });
    iam.on(ListUserPoliciesCommand).resolves({ PolicyNames: ['deploy'], IsTruncated: false });
    iam.on(ListGroupPoliciesCommand).resolves({ PolicyNames: ['iam-admin'], IsTruncated: false });
    iam.on(GetRolePolicyCommand).resolves({
      PolicyDocument: encoded({ Statement: [{ Effect: 'Allow', Action: '*', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }] }),
    });
    iam
      .on(GetUserPolicyCommand)
      .resolves({ PolicyDocument: encoded({ Statement: { Effect: 'Allow', NotAction: ['iam:*', 'organizations:*'], Resource: '*' } }) });
    iam.on(GetGroupPolicyCommand).resolves({ PolicyDocument: encoded({ Statement: { Sid: 'Iam', Effect: 'Allow', Action: 'IAM:*', Resource: '*' } }) });

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      'role/ops-break-glass/everything':
        'FAIL: inline policy everything of role ops-break-glass grants administrator access: Allow "*" on "*" under a condition',
      'user/ci-deployer/deploy':
        'FAIL: inline policy deploy of user ci-deployer grants administrator access: Allow NotAction ["iam:*", "organizations:*"] on "*" (every other action)',
      'group/admins/iam-admin': 'FAIL: inline policy iam-admin of group admins grants administrator access: Allow every iam action ("IAM:*") on "*"',
    });
    expect(findings.map((f) => f.resourceId).sort()).toEqual([
      `AWS::IAM::Policy/${ACCOUNT}/global/group/admins/iam-admin`,
      `AWS::IAM::Policy/${ACCOUNT}/global/role/ops-break-glass/everything`,
      `AWS::IAM::Policy/${ACCOUNT}/global/user/ci-deployer/deploy`,
    ]);
    expect(iam).toHaveReceivedCommandWith(GetRolePolicyCommand, { RoleName: 'ops-break-glass', PolicyName: 'everything' });
  });

  it('passes when an unconditional Deny of everything cancels the Allow, and says so', async () => {
    managed([
      managedPolicy('quarantined'),
      {
        Statement: [
          { Effect: 'Allow', Action: '*', Resource: '*' },
          { Effect: 'Deny', Action: '*', Resource: '*' },
        ],
      },
    ]);

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      quarantined: 'PASS: policy quarantined grants no administrator access (its Allow "*" on "*" is cancelled by an unconditional Deny)',
    });
  });

  it('with adminServices [], "iam:*" alone is not administrator access', async () => {
    managed([managedPolicy('iam-ops'), { Statement: { Effect: 'Allow', Action: 'iam:*', Resource: '*' } }]);

    const { findings } = await runRule(rule, { params: { adminServices: [] } });

    expect(verdicts(findings)).toEqual({ 'iam-ops': 'PASS: policy iam-ops grants no administrator access' });
  });

  it('is NOT_APPLICABLE for a boundary-only policy, and for an unattached one when includeUnattached is false', async () => {
    managed(
      [managedPolicy('dev-boundary', { AttachmentCount: 0, PermissionsBoundaryUsageCount: 3 }), ADMIN],
      [managedPolicy('spare-admin', { AttachmentCount: 0 }), ADMIN],
    );

    const { findings } = await runRule(rule, { params: { includeUnattached: false } });

    expect(verdicts(findings)).toEqual({
      'dev-boundary': 'NOT_APPLICABLE: policy dev-boundary is used only as a permissions boundary, which grants nothing by itself',
      'spare-admin': 'NOT_APPLICABLE: policy spare-admin is attached to nothing (includeUnattached is false)',
    });
  });

  it('judges, never calls "attached to nothing", a policy listed without its AttachmentCount', async () => {
    managed([managedPolicy('spare-admin', { AttachmentCount: undefined }), ADMIN]);

    const { findings } = await runRule(rule, { params: { includeUnattached: false } });

    expect(verdicts(findings)['spare-admin']).toMatch(/^FAIL: policy spare-admin grants administrator access: /);
    expect(verdicts(findings)['spare-admin']).not.toContain('attached to nothing');
  });

  it('is NOT_APPLICABLE for the account when it has no customer-managed nor inline policy', async () => {
    iam.on(ListPoliciesCommand).resolves({ Policies: [], IsTruncated: false });

    const { findings, complete } = await runRule(rule);

    expect(verdicts(findings)).toEqual({ [ACCOUNT]: 'NOT_APPLICABLE: no AWS::IAM::Policy in global' });
    expect(complete).toEqual([{ ruleId: rule.id, region: 'global' }]);
  });

  it('is ERROR, not PASS, when one policy version is denied, and the scan continues', async () => {
    managed([managedPolicy('denied'), ADMIN], [managedPolicy('fine'), LEAST_PRIVILEGE]);
    iam.on(GetPolicyVersionCommand, { PolicyArn: policyArn('denied') }).rejects(accessDenied());

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      denied: 'ERROR: AccessDenied: User is not authorized to perform this action',
      fine: 'PASS: policy fine grants no administrator access',
    });
    expect(findings.find((f) => f.resourceName === 'denied')?.evidence).toEqual({ errorCode: 'AccessDenied' });
  });

  it('is ERROR when throttling outlasts the retries', async () => {
    managed([managedPolicy('busy'), ADMIN]);
    iam.on(GetPolicyVersionCommand).rejects(throttled());

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({ busy: 'ERROR: ThrottlingException: Rate exceeded' });
  });

  it('is ERROR when a document is not URL-encoded JSON', async () => {
    iam.on(ListPoliciesCommand).resolves({ Policies: [managedPolicy('garbled')], IsTruncated: false });
    iam.on(GetPolicyVersionCommand).resolves({ PolicyVersion: { Document: '%7B%22Statement%22%3A' } });

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      garbled: `ERROR: PolicyDocumentError: the policy document of ${policyArn('garbled')} is not URL-encoded JSON`,
    });
  });

  it('is one account-level ERROR when the policies cannot be listed', async () => {
    iam.on(ListPoliciesCommand).rejects(accessDenied());

    const { findings, complete } = await runRule(rule);

    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      status: 'ERROR',
      resourceId: ACCOUNT,
      reason: 'could not list resources: AccessDenied: User is not authorized to perform this action',
    });
    expect(complete).toEqual([]);
  });

  it('reads every page of every listing (Marker / IsTruncated)', async () => {
    iam
      .on(ListPoliciesCommand)
      .resolvesOnce({ Policies: [managedPolicy('p1')], IsTruncated: true, Marker: 'pm1' })
      .resolvesOnce({ Policies: [managedPolicy('p2')], IsTruncated: false });
    iam.on(GetPolicyVersionCommand).resolves({ PolicyVersion: { Document: encoded(LEAST_PRIVILEGE) } });
    iam
      .on(ListRolesCommand)
      .resolvesOnce({ Roles: [role('r1')], IsTruncated: true, Marker: 'rm1' })
      .resolvesOnce({ Roles: [role('r2')], IsTruncated: false });
    iam
      .on(ListUsersCommand)
      .resolvesOnce({ Users: [user('u1')], IsTruncated: true, Marker: 'um1' })
      .resolvesOnce({ Users: [], IsTruncated: false });
    iam
      .on(ListGroupsCommand)
      .resolvesOnce({ Groups: [group('g1')], IsTruncated: true, Marker: 'gm1' })
      .resolvesOnce({ Groups: [], IsTruncated: false });
    iam
      .on(ListRolePoliciesCommand, { RoleName: 'r1' })
      .resolvesOnce({ PolicyNames: ['a'], IsTruncated: true, Marker: 'rp1' })
      .resolvesOnce({ PolicyNames: ['b'], IsTruncated: false });
    iam.on(ListRolePoliciesCommand, { RoleName: 'r2' }).resolves({ PolicyNames: [], IsTruncated: false });
    iam
      .on(ListUserPoliciesCommand)
      .resolvesOnce({ PolicyNames: ['c'], IsTruncated: true, Marker: 'up1' })
      .resolvesOnce({ PolicyNames: ['d'], IsTruncated: false });
    iam
      .on(ListGroupPoliciesCommand)
      .resolvesOnce({ PolicyNames: [], IsTruncated: true, Marker: 'gp1' })
      .resolvesOnce({ PolicyNames: ['e'], IsTruncated: false });
    const document = { PolicyDocument: encoded(LEAST_PRIVILEGE) };
    iam.on(GetRolePolicyCommand).resolves(document);
    iam.on(GetUserPolicyCommand).resolves(document);
    iam.on(GetGroupPolicyCommand).resolves(document);

    const { findings } = await runRule(rule);

    expect(findings.map((f) => f.resourceName).sort()).toEqual(['group/g1/e', 'p1', 'p2', 'role/r1/a', 'role/r1/b', 'user/u1/c', 'user/u1/d']);
    expect(iam).toHaveReceivedNthCommandWith(ListPoliciesCommand, 2, { Marker: 'pm1' });
    expect(iam).toHaveReceivedNthCommandWith(ListRolesCommand, 2, { Marker: 'rm1' });
    expect(iam).toHaveReceivedNthCommandWith(ListUsersCommand, 2, { Marker: 'um1' });
    expect(iam).toHaveReceivedNthCommandWith(ListGroupsCommand, 2, { Marker: 'gm1' });
    expect(iam).toHaveReceivedCommandWith(ListRolePoliciesCommand, { RoleName: 'r1', Marker: 'rp1' });
    expect(iam).toHaveReceivedCommandWith(ListUserPoliciesCommand, { UserName: 'u1', Marker: 'up1' });
    expect(iam).toHaveReceivedCommandWith(ListGroupPoliciesCommand, { GroupName: 'g1', Marker: 'gp1' });
    expect(iam).toHaveReceivedCommandTimes(ListPoliciesCommand, 2);
  });

  it('re-evaluates the one policy an event names, with GetPolicy instead of a listing', async () => {
    iam.on(GetPolicyCommand).resolves({ Policy: managedPolicy('AdministratorAccess-legacy', { DefaultVersionId: 'v2' }) });
    iam.on(GetPolicyVersionCommand, { VersionId: 'v2' }).resolves({ PolicyVersion: { Document: encoded(ADMIN) } });

    const { findings } = await runRule(rule, { target: { region: 'us-east-1', resourceNames: [policyArn('AdministratorAccess-legacy')] } });

    expect(verdicts(findings)).toEqual({
      'AdministratorAccess-legacy': 'FAIL: policy AdministratorAccess-legacy grants administrator access: Allow "*" on "*"',
    });
    expect(findings[0]?.region).toBe('global');
    expect(iam).not.toHaveReceivedCommand(ListPoliciesCommand);
  });

  it('closes the finding (RESOLVED) when the named policy or inline policy is gone', async () => {
    iam.on(GetPolicyCommand).rejects(noSuchEntity('Policy arn:aws:iam::123456789012:policy/old was not found.'));
    iam.on(GetRolePolicyCommand).rejects(noSuchEntity('The role policy with name s3-access cannot be found.'));

    const { findings } = await runRule(rule, { target: { region: 'us-east-1', resourceNames: [policyArn('old'), 'role/app/s3-access'] } });

    expect(verdicts(findings)).toEqual({ old: 'RESOLVED: old no longer exists', 'role/app/s3-access': 'RESOLVED: role/app/s3-access no longer exists' });
  });
});
