import { describe, expect, it } from 'vitest';
import { applyIamSample } from '../../../../src/cli/demo/sample/iam.js';
import { iamRules } from '../../../../src/rules/iam/index.js';
import { decodePolicyDocument } from '#shared/aws/services/iam/reader.js';
import { evaluate } from '#shared/engine/engine.js';
import { emptyIamState, memoryIamApi, type MemoryIamState, memoryPolicyArn } from '../../../../src/cli/demo/memory-account/iam.js';
import { emptyAccount, type MemoryCallInfo, memoryApiProvider } from '../../../../src/cli/demo/memory-account/index.js';
import type { MemoryCall } from '../../../../src/cli/demo/memory-account/support.js';

const ACCOUNT = '123456789012';
const direct: MemoryCall = async (_service, _operation, _input, answer) => answer();
const ADMIN = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

function state(): MemoryIamState {
  const admin = { name: 'admin', document: ADMIN };
  const boundary = { name: 'dev-boundary', path: '/boundaries/', document: ADMIN };
  const readOnly = { name: 'ReadOnlyAccess', awsManaged: true, document: ADMIN, defaultVersionId: 'v7' };
  return {
    ...emptyIamState(),
    policies: [admin, boundary, readOnly, { name: 'unused', document: ADMIN }],
    roles: [
      { name: 'deploy', attachedPolicies: [memoryPolicyArn(admin, ACCOUNT), memoryPolicyArn(readOnly, ACCOUNT)] },
      { name: 'dev', permissionsBoundary: memoryPolicyArn(boundary, ACCOUNT), inlinePolicies: { s3: { Statement: [] } } },
    ],
    users: [{ name: 'ci', attachedPolicies: [memoryPolicyArn(admin, ACCOUNT)] }],
    groups: [{ name: 'ops' }],
  };
}

describe('memory IAM', () => {
  const api = () => memoryIamApi(state(), 'us-east-1', ACCOUNT, direct);

  it('lists policies by scope and attachment, counting attachments, page by page with Marker/IsTruncated', async () => {
    const local = await api().listPolicies({ Scope: 'Local', MaxItems: 2 });
    const rest = await api().listPolicies({ Scope: 'Local', MaxItems: 2, Marker: local.Marker });
    const attachedAws = await api().listPolicies({ Scope: 'AWS', OnlyAttached: true, PolicyUsageFilter: 'PermissionsPolicy' });

    expect(local).toMatchObject({ IsTruncated: true, Marker: '2' });
    expect(local.Policies?.map((p) => [p.PolicyName, p.Arn, p.AttachmentCount, p.PermissionsBoundaryUsageCount])).toEqual([
      ['admin', `arn:aws:iam::${ACCOUNT}:policy/admin`, 2, 0],
      ['dev-boundary', `arn:aws:iam::${ACCOUNT}:policy/boundaries/dev-boundary`, 0, 1],
    ]);
    expect(rest).toMatchObject({ IsTruncated: false, Policies: [{ PolicyName: 'unused', AttachmentCount: 0 }] });
    expect(attachedAws.Policies?.map((p) => [p.Arn, p.DefaultVersionId])).toEqual([['arn:aws:iam::aws:policy/ReadOnlyAccess', 'v7']]);
  });

  it('returns documents URL-encoded, as IAM does, for the default version only', async () => {
    const arn = `arn:aws:iam::${ACCOUNT}:policy/admin`;
    const version = await api().getPolicyVersion({ PolicyArn: arn, VersionId: 'v1' });

    expect(version.PolicyVersion?.Document).toMatch(/^%7B%22Version%22/);
    expect(decodePolicyDocument(version.PolicyVersion?.Document ?? '', arn)).toEqual(ADMIN);
    await expect(api().getPolicyVersion({ PolicyArn: arn, VersionId: 'v2' })).rejects.toMatchObject({ name: 'NoSuchEntityException' });
    await expect(api().getPolicy({ PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/gone` })).rejects.toMatchObject({ name: 'NoSuchEntityException' });
  });

  it('lists the entities of a policy by kind and usage', async () => {
    const arn = `arn:aws:iam::${ACCOUNT}:policy/admin`;

    expect(await api().listEntitiesForPolicy({ PolicyArn: arn, EntityFilter: 'Role', PolicyUsageFilter: 'PermissionsPolicy' })).toMatchObject({
      PolicyRoles: [{ RoleName: 'deploy' }],
      PolicyUsers: [],
      IsTruncated: false,
    });
    expect((await api().listEntitiesForPolicy({ PolicyArn: arn })).PolicyUsers).toMatchObject([{ UserName: 'ci' }]);
    expect(
      (await api().listEntitiesForPolicy({ PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/boundaries/dev-boundary`, PolicyUsageFilter: 'PermissionsPolicy' }))
        .PolicyRoles,
    ).toEqual([]);
  });

  it('lists principals and their inline policies, and answers NoSuchEntityException for unknown ones', async () => {
    const roles = await api().listRoles({ MaxItems: 1 });

    expect(roles).toMatchObject({ Roles: [{ RoleName: 'deploy', Path: '/', Arn: `arn:aws:iam::${ACCOUNT}:role/deploy` }], IsTruncated: true, Marker: '1' });
    expect((await api().listRolePolicies({ RoleName: 'dev' })).PolicyNames).toEqual(['s3']);
    expect(await api().getRolePolicy({ RoleName: 'dev', PolicyName: 's3' })).toEqual({
      RoleName: 'dev',
      PolicyName: 's3',
      PolicyDocument: encodeURIComponent('{"Statement":[]}'),
    });
    await expect(api().listUserPolicies({ UserName: 'nobody' })).rejects.toMatchObject({ name: 'NoSuchEntityException' });
    await expect(api().getGroupPolicy({ GroupName: 'ops', PolicyName: 'none' })).rejects.toMatchObject({ name: 'NoSuchEntityException' });
  });

  it('summarizes the account with AccountMFAEnabled as 0 or 1', async () => {
    const summary = await memoryIamApi({ ...state(), rootMfaEnabled: true }, 'us-east-1', ACCOUNT, direct).getAccountSummary({});

    expect(summary.SummaryMap).toEqual({ AccountMFAEnabled: 1, AccountAccessKeysPresent: 0, Users: 1, Roles: 2, Groups: 1, Policies: 3 });
  });

  it('answers ListEntitiesForPolicy of an AWS managed policy it does not hold (AWS managed policies exist in every account), not of a customer one', async () => {
    const administratorAccess = 'arn:aws:iam::aws:policy/AdministratorAccess';
    const withAdmin = { ...state(), users: [{ name: 'ops', attachedPolicies: [administratorAccess] }] };
    const iam = memoryIamApi(withAdmin, 'us-east-1', ACCOUNT, direct);

    expect((await iam.listEntitiesForPolicy({ PolicyArn: administratorAccess })).PolicyUsers?.map((u) => u.UserName)).toEqual(['ops']);
    expect((await api().listEntitiesForPolicy({ PolicyArn: administratorAccess })).PolicyUsers).toEqual([]);
    await expect(api().listEntitiesForPolicy({ PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/gone` })).rejects.toMatchObject({ name: 'NoSuchEntityException' });
  });

  it('serves the real rules: the demo sample reads as the seed describes it, from us-east-1', async () => {
    const sample = emptyAccount(ACCOUNT);
    applyIamSample(sample);
    const calls: MemoryCallInfo[] = [];

    const { findings } = await evaluate({
      accountId: ACCOUNT,
      regions: ['eu-west-1'],
      rules: iamRules.map((rule) => rule.bind()),
      apis: memoryApiProvider(sample, { onCall: (call) => calls.push(call) }),
    });

    expect(Object.fromEntries(findings.map((f) => [`${f.ruleId} ${f.resourceName}`, `${f.status}: ${f.reason}`]))).toEqual({
      'iam-no-admin-policy AdministratorAccess-legacy': 'FAIL: policy AdministratorAccess-legacy grants administrator access: Allow "*" on "*"',
      'iam-no-admin-policy retainwise-app-least-privilege': 'PASS: policy retainwise-app-least-privilege grants no administrator access',
      'iam-no-admin-policy role/ecsTaskExecutionRole/s3-access': 'PASS: inline policy s3-access of role ecsTaskExecutionRole grants no administrator access',
      'iam-no-broad-s3-actions AdministratorAccess-legacy':
        'FAIL: policy AdministratorAccess-legacy (attached to role legacy-deploy) allows every S3 action ("*") on "*"',
      'iam-no-broad-s3-actions retainwise-app-least-privilege':
        'PASS: policy retainwise-app-least-privilege (attached to role retainwise-api-task) grants no broad S3 access (no s3:*, s3:DeleteBucket or S3 write on every bucket)',
      'iam-no-broad-s3-actions AmazonS3ReadOnlyAccess':
        'PASS: AWS managed policy AmazonS3ReadOnlyAccess (attached to role analytics-reader) grants no broad S3 access (no s3:*, s3:DeleteBucket or S3 write on every bucket)',
      'iam-no-broad-s3-actions role/ecsTaskExecutionRole/s3-access':
        'FAIL: inline policy s3-access of role ecsTaskExecutionRole allows every S3 action ("s3:*") on "*"',
      [`iam-root-mfa ${ACCOUNT}`]: `PASS: the root user of account ${ACCOUNT} has MFA enabled`,
      'iam-no-aws-managed-admin-attached user/ops-admin':
        'FAIL: user ops-admin has the AWS managed policy AdministratorAccess (full access to everything) attached; only break-glass roles may hold it, never a user',
    });
    expect(findings.every((f) => f.region === 'global')).toBe(true);
    // Both policy rules share one listing and one document read per policy; IAM is asked in us-east-1.
    expect(calls.filter((c) => c.operation === 'ListPolicies' && (c.input as { Scope?: string }).Scope === 'Local')).toHaveLength(1);
    expect(calls.filter((c) => c.operation === 'GetPolicyVersion')).toHaveLength(3);
    expect(new Set(calls.map((c) => c.region))).toEqual(new Set(['us-east-1']));
  });
});
