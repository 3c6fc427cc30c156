/** Mirrors IAM (managed and inline policies, roles, users, groups) of an in-memory account into moto. */
import {
  AttachGroupPolicyCommand,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  GetPolicyCommand,
  PutGroupPolicyCommand,
  PutRolePermissionsBoundaryCommand,
  PutRolePolicyCommand,
  PutUserPermissionsBoundaryCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { memoryPolicyArn, type MemoryPrincipal } from '../../../src/cli/demo/memory-account/iam.js';
import type { MirrorContext } from './context.js';

const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

export async function mirrorIam(context: MirrorContext): Promise<void> {
  // IAM is global; its endpoint answers from us-east-1.
  const { iam } = context.clients('us-east-1');
  const { accountId, iam: state } = context.account;
  for (const policy of state.policies) {
    if (policy.awsManaged) {
      // moto serves the real AWS managed policies (MOTO_IAM_LOAD_MANAGED_POLICIES=true), with AWS's document.
      await iam.send(new GetPolicyCommand({ PolicyArn: memoryPolicyArn(policy, accountId) }));
      context.approximations.push(`iam: AWS managed ${policy.name} has AWS's current document in moto, not the sample's copy`);
      continue;
    }
    await iam.send(new CreatePolicyCommand({ PolicyName: policy.name, Path: policy.path ?? '/', PolicyDocument: JSON.stringify(policy.document) }));
    if ((policy.defaultVersionId ?? 'v1') !== 'v1') context.approximations.push(`iam: ${policy.name} is at v1 in moto (${policy.defaultVersionId} in memory)`);
  }
  /** How each kind of principal is created and given its policies (groups take no permissions boundary). */
  interface PrincipalCalls {
    list: readonly MemoryPrincipal[];
    create(p: MemoryPrincipal): Promise<unknown>;
    attach(name: string, PolicyArn: string): Promise<unknown>;
    inline(name: string, PolicyName: string, PolicyDocument: string): Promise<unknown>;
    boundary?(name: string, PermissionsBoundary: string): Promise<unknown>;
  }
  const kinds: PrincipalCalls[] = [
    {
      list: state.roles,
      create: (p) => iam.send(new CreateRoleCommand({ RoleName: p.name, Path: p.path ?? '/', AssumeRolePolicyDocument: TRUST })),
      attach: (RoleName, PolicyArn) => iam.send(new AttachRolePolicyCommand({ RoleName, PolicyArn })),
      inline: (RoleName, PolicyName, PolicyDocument) => iam.send(new PutRolePolicyCommand({ RoleName, PolicyName, PolicyDocument })),
      boundary: (RoleName, PermissionsBoundary) => iam.send(new PutRolePermissionsBoundaryCommand({ RoleName, PermissionsBoundary })),
    },
    {
      list: state.users,
      create: (p) => iam.send(new CreateUserCommand({ UserName: p.name, Path: p.path ?? '/' })),
      attach: (UserName, PolicyArn) => iam.send(new AttachUserPolicyCommand({ UserName, PolicyArn })),
      inline: (UserName, PolicyName, PolicyDocument) => iam.send(new PutUserPolicyCommand({ UserName, PolicyName, PolicyDocument })),
      boundary: (UserName, PermissionsBoundary) => iam.send(new PutUserPermissionsBoundaryCommand({ UserName, PermissionsBoundary })),
    },
    {
      list: state.groups,
      create: (p) => iam.send(new CreateGroupCommand({ GroupName: p.name, Path: p.path ?? '/' })),
      attach: (GroupName, PolicyArn) => iam.send(new AttachGroupPolicyCommand({ GroupName, PolicyArn })),
      inline: (GroupName, PolicyName, PolicyDocument) => iam.send(new PutGroupPolicyCommand({ GroupName, PolicyName, PolicyDocument })),
    },
  ];
  for (const kind of kinds) {
    for (const principal of kind.list) {
      await kind.create(principal);
      for (const arn of principal.attachedPolicies ?? []) await kind.attach(principal.name, arn);
      for (const [name, document] of Object.entries(principal.inlinePolicies ?? {})) await kind.inline(principal.name, name, JSON.stringify(document));
      if (principal.permissionsBoundary) {
        if (!kind.boundary) throw new Error(`IAM groups have no permissions boundary (${principal.name})`);
        await kind.boundary(principal.name, principal.permissionsBoundary);
      }
    }
  }
  if (state.rootMfaEnabled) context.approximations.push('iam: the root user has MFA (moto always reports AccountMFAEnabled 0)');
  if (state.rootAccessKeysPresent) context.approximations.push('iam: the root user has access keys (moto reports none)');
}
