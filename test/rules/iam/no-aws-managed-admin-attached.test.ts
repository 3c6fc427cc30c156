import { IAMClient, ListEntitiesForPolicyCommand, type ListEntitiesForPolicyResponse } from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { iamNoAwsManagedAdminAttached as rule } from '../../../src/rules/iam/no-aws-managed-admin-attached.js';
import { accessDenied, runRule, throttled, verdicts } from '../../helpers/aws.js';
import { awsPolicyArn } from './iam.js';

const iam = mockClient(IAMClient);
const ADMINISTRATOR_ACCESS = awsPolicyArn('AdministratorAccess');

/** ListEntitiesForPolicy of AdministratorAccess answers these entities, in one page. */
function attachedTo({ users = [], groups = [], roles = [] }: { users?: string[]; groups?: string[]; roles?: string[] }): void {
  iam.on(ListEntitiesForPolicyCommand, { PolicyArn: ADMINISTRATOR_ACCESS }).resolves(page({ users, groups, roles }));
}

function page(
  { users = [], groups = [], roles = [] }: { users?: string[]; groups?: string[]; roles?: string[] },
  marker?: string,
): ListEntitiesForPolicyResponse {
  return {
    PolicyUsers: users.map((UserName) => ({ UserName, UserId: `AIDA${UserName.toUpperCase()}` })),
    PolicyGroups: groups.map((GroupName) => ({ GroupName, GroupId: `AGPA${GroupName.toUpperCase()}` })),
    PolicyRoles: roles.map((RoleName) => ({ RoleName, RoleId: `AROA${RoleName.toUpperCase()}` })),
    IsTruncated: marker !== undefined,
    Marker: marker,
  };
}

describe('iam-no-aws-managed-admin-attached', () => {
  beforeEach(() => iam.reset());

  it('fails every user, group and role AdministratorAccess is attached to, one finding each', async () => {
    attachedTo({ users: ['ops-admin'], groups: ['platform-admins'], roles: ['legacy-deploy'] });

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      'user/ops-admin':
        'FAIL: user ops-admin has the AWS managed policy AdministratorAccess (full access to everything) attached; only break-glass roles may hold it, never a user',
      'group/platform-admins':
        'FAIL: group platform-admins has the AWS managed policy AdministratorAccess (full access to everything) attached; only break-glass roles may hold it, never a group',
      'role/legacy-deploy':
        'FAIL: role legacy-deploy has the AWS managed policy AdministratorAccess (full access to everything) attached; it is not one of the breakGlassRoles',
    });
    expect(findings.every((f) => f.region === 'global' && f.severity === 'HIGH' && f.resourceType === 'AWS::IAM::Policy')).toBe(true);
    expect(findings.find((f) => f.resourceName === 'role/legacy-deploy')?.evidence).toEqual({
      policyArn: ADMINISTRATOR_ACCESS,
      kind: 'role',
      name: 'legacy-deploy',
      breakGlassRoles: [],
    });
    // One listing serves the sweep and every evaluation.
    expect(iam).toHaveReceivedCommandTimes(ListEntitiesForPolicyCommand, 1);
    expect(iam).toHaveReceivedCommandWith(ListEntitiesForPolicyCommand, { PolicyArn: ADMINISTRATOR_ACCESS, PolicyUsageFilter: 'PermissionsPolicy' });
  });

  it('passes the break-glass roles of the param (names or globs), never a user or group of that name', async () => {
    attachedTo({ users: ['break-glass'], groups: ['break-glass'], roles: ['break-glass', 'BreakGlass-eu', 'deploy'] });

    const { findings } = await runRule(rule, { params: { breakGlassRoles: ['break-glass', 'BreakGlass-*'] } });

    expect(Object.fromEntries(findings.map((f) => [f.resourceName, f.status]))).toEqual({
      'user/break-glass': 'FAIL',
      'group/break-glass': 'FAIL',
      'role/break-glass': 'PASS',
      'role/BreakGlass-eu': 'PASS',
      'role/deploy': 'FAIL',
    });
    expect(verdicts(findings)['role/BreakGlass-eu']).toBe(
      'PASS: role BreakGlass-eu has AdministratorAccess attached as a break-glass role (breakGlassRoles: BreakGlass-*)',
    );
  });

  it('is NOT_APPLICABLE for the account when AdministratorAccess is attached to no one', async () => {
    attachedTo({});

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({ '123456789012': 'NOT_APPLICABLE: no AWS::IAM::Policy in global' });
  });

  it('follows every page of ListEntitiesForPolicy', async () => {
    iam
      .on(ListEntitiesForPolicyCommand, { PolicyArn: ADMINISTRATOR_ACCESS })
      .resolvesOnce(page({ users: ['a'] }, 'm1'))
      .resolvesOnce(page({ roles: ['b'] }, 'm2'))
      .resolves(page({ groups: ['c'] }));

    const { findings } = await runRule(rule);

    expect(findings.map((f) => `${f.resourceName} ${f.status}`).sort()).toEqual(['group/c FAIL', 'role/b FAIL', 'user/a FAIL']);
    expect(iam.commandCalls(ListEntitiesForPolicyCommand).map((c) => c.args[0].input.Marker)).toEqual([undefined, 'm1', 'm2']);
  });

  it('is ERROR, never PASS, when ListEntitiesForPolicy is denied or throttled past the retries', async () => {
    for (const error of [accessDenied(), throttled()]) {
      iam.reset();
      iam.on(ListEntitiesForPolicyCommand).rejects(error);

      const sweep = await runRule(rule);
      const event = await runRule(rule, { target: { region: 'us-east-1', resourceNames: ['user/ops-admin'] } });

      expect(sweep.findings.map((f) => f.status)).toEqual(['ERROR']);
      expect(sweep.findings[0]?.reason).toMatch(/^could not list resources: (AccessDenied|ThrottlingException)/);
      expect(event.findings.map((f) => `${f.resourceName} ${f.status}`)).toEqual(['user/ops-admin ERROR']);
    }
  });

  it('closes the finding of a principal it is no longer attached to, and of a name that is no principal', async () => {
    attachedTo({ users: ['ops-admin'] });

    const { findings } = await runRule(rule, { target: { region: 'us-east-1', resourceNames: ['role/legacy-deploy', 'ops-admin', 'user/ops-admin'] } });

    expect(verdicts(findings)).toEqual({
      'role/legacy-deploy': 'RESOLVED: AdministratorAccess is not attached to role legacy-deploy',
      'ops-admin': 'RESOLVED: ops-admin names no IAM user, group or role',
      'user/ops-admin': expect.stringMatching(
        /^FAIL: user ops-admin has the AWS managed policy AdministratorAccess \(full access to everything\) attached; /,
      ) as unknown as string,
    });
  });

  it('reads the policy of the partition it runs in', async () => {
    iam.on(ListEntitiesForPolicyCommand).resolves(page({ users: ['ops'] }));

    const { findings } = await runRule(rule, { regions: ['cn-north-1'] });

    expect(iam).toHaveReceivedCommandWith(ListEntitiesForPolicyCommand, { PolicyArn: 'arn:aws-cn:iam::aws:policy/AdministratorAccess' });
    expect(findings[0]?.evidence).toMatchObject({ policyArn: 'arn:aws-cn:iam::aws:policy/AdministratorAccess' });
  });
});
