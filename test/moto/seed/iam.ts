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
import { memoryPolicyArn, type MemoryPrincipal } from '../../../src/shared/memory-account/iam.js';
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
  const kinds = [
    { list: state.roles, create: (p: MemoryPrincipal) => new CreateRoleCommand({ RoleName: p.name, Path: p.path ?? '/', AssumeRolePolicyDocument: TRUST }),
      attach: (name: string, PolicyArn: string) => new AttachRolePolicyCommand({ RoleName: name, PolicyArn }),
      inline: (name: string, PolicyName: string, PolicyDocument: string) => new PutRolePolicyCommand({ RoleName: name, PolicyName, PolicyDocument }),
      boundary: (name: string, PermissionsBoundary: string) => new PutRolePermissionsBoundaryCommand({ RoleName: name, PermissionsBoundary }) },
    { list: state.users, create: (p: MemoryPrincipal) => new CreateUserCommand({ UserName: p.name, Path: p.path ?? '/' }),
      attach: (name: string, PolicyArn: string) => new AttachUserPolicyCommand({ UserName: name, PolicyArn }),
      inline: (name: string, PolicyName: string, PolicyDocument: string) => new PutUserPolicyCommand({ UserName: name, PolicyName, PolicyDocument }),
      boundary: (name: string, PermissionsBoundary: string) => new PutUserPermissionsBoundaryCommand({ UserName: name, PermissionsBoundary }) },
    { list: state.groups, create: (p: MemoryPrincipal) => new CreateGroupCommand({ GroupName: p.name, Path: p.path ?? '/' }),
      attach: (name: string, PolicyArn: string) => new AttachGroupPolicyCommand({ GroupName: name, PolicyArn }),
      inline: (name: string, PolicyName: string, PolicyDocument: string) => new PutGroupPolicyCommand({ GroupName: name, PolicyName, PolicyDocument }),
      boundary: undefined },
  ];
  for (const kind of kinds) {
    for (const principal of kind.list) {
      await iam.send(kind.create(principal) as never);
      for (const arn of principal.attachedPolicies ?? []) await iam.send(kind.attach(principal.name, arn) as never);
      for (const [name, document] of Object.entries(principal.inlinePolicies ?? {})) {
        await iam.send(kind.inline(principal.name, name, JSON.stringify(document)) as never);
      }
      if (principal.permissionsBoundary && kind.boundary) await iam.send(kind.boundary(principal.name, principal.permissionsBoundary) as never);
    }
  }
  if (state.rootMfaEnabled) context.approximations.push('iam: the root user has MFA (moto always reports AccountMFAEnabled 0)');
  if (state.rootAccessKeysPresent) context.approximations.push('iam: the root user has access keys (moto reports none)');
}
