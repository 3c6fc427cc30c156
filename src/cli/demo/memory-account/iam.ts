/** IAM of an in-memory account: answers the IamApi from plain data, as IAM would (URL-encoded documents included). */
import type { Policy } from '@aws-sdk/client-iam';
import { isAwsManagedPolicyArn } from '#shared/aws/services/iam/reader.js';
import type { IamApi } from '#shared/aws/services/iam/sdk.js';
import { partitionOf } from '#shared/core/resource-ids.js';
import { type MemoryCall, notFound, paginate } from './support.js';

/** A policy document as JSON (IAM returns it URL-encoded; this store keeps it readable). */
export type MemoryPolicyDocument = Record<string, unknown>;

export interface MemoryManagedPolicy {
  name: string;
  /** Default `/`. */
  path?: string;
  /** An AWS managed policy (`arn:aws:iam::aws:policy/...`) rather than a customer-managed one. */
  awsManaged?: boolean;
  /** The default version's document. */
  document: MemoryPolicyDocument;
  /** Default `v1`. */
  defaultVersionId?: string;
}

export interface MemoryPrincipal {
  name: string;
  /** Default `/`; service-linked roles live under `/aws-service-role/`. */
  path?: string;
  inlinePolicies?: Record<string, MemoryPolicyDocument>;
  /** ARNs of the managed policies attached as permissions policies. */
  attachedPolicies?: string[];
  /** ARN of the managed policy used as permissions boundary (roles and users). */
  permissionsBoundary?: string;
}

/** IAM is account-wide: one state per account (`account.iam`). */
export interface MemoryIamState {
  policies: MemoryManagedPolicy[];
  roles: MemoryPrincipal[];
  users: MemoryPrincipal[];
  groups: MemoryPrincipal[];
  rootMfaEnabled: boolean;
  rootAccessKeysPresent?: boolean;
}

export function emptyIamState(): MemoryIamState {
  return { policies: [], roles: [], users: [], groups: [], rootMfaEnabled: false };
}

/** The ARN IAM gives a managed policy of this account (or of AWS). */
export function memoryPolicyArn(policy: MemoryManagedPolicy, accountId: string, partition = 'aws'): string {
  return `arn:${partition}:iam::${policy.awsManaged ? 'aws' : accountId}:policy${policy.path ?? '/'}${policy.name}`;
}

const DEFAULT_PAGE = 100;

function encode(document: MemoryPolicyDocument): string {
  return encodeURIComponent(JSON.stringify(document));
}

type Kind = 'role' | 'user' | 'group';

export function memoryIamApi(state: MemoryIamState, region: string, accountId: string, call: MemoryCall): IamApi {
  const partition = partitionOf(region);
  const arnOf = (p: MemoryManagedPolicy) => memoryPolicyArn(p, accountId, partition);
  const principalsOf = (kind: Kind) => (kind === 'role' ? state.roles : kind === 'user' ? state.users : state.groups);
  const entities = () => (['role', 'user', 'group'] as const).flatMap((kind) => principalsOf(kind).map((p) => ({ kind, p })));

  const policy = (arn: string | undefined): MemoryManagedPolicy => {
    const found = state.policies.find((p) => arnOf(p) === arn);
    if (!found) throw notFound('NoSuchEntityException', `Policy ${arn} was not found.`);
    return found;
  };
  const principal = (kind: Kind, name: string | undefined): MemoryPrincipal => {
    const found = principalsOf(kind).find((p) => p.name === name);
    if (!found) throw notFound('NoSuchEntityException', `The ${kind} with name ${name} cannot be found.`);
    return found;
  };
  const inline = (kind: Kind, entity: string | undefined, name: string | undefined) => {
    const p = principal(kind, entity);
    const document = p.inlinePolicies?.[name ?? ''];
    if (!document) throw notFound('NoSuchEntityException', `The ${kind} policy with name ${name} cannot be found.`);
    return encode(document);
  };
  const describe = (p: MemoryManagedPolicy): Policy => {
    const arn = arnOf(p);
    return {
      PolicyName: p.name,
      PolicyId: `ANPA${p.name
        .toUpperCase()
        .replace(/[^A-Z0-9]/g, '')
        .slice(0, 17)
        .padEnd(17, 'X')}`,
      Arn: arn,
      Path: p.path ?? '/',
      DefaultVersionId: p.defaultVersionId ?? 'v1',
      AttachmentCount: entities().filter(({ p: e }) => e.attachedPolicies?.includes(arn)).length,
      PermissionsBoundaryUsageCount: entities().filter(({ p: e }) => e.permissionsBoundary === arn).length,
      IsAttachable: true,
    };
  };
  const page = <T>(items: readonly T[], marker: string | undefined, maxItems: number | undefined) => {
    const out = paginate(items, marker, maxItems, DEFAULT_PAGE);
    return { items: out.items, IsTruncated: out.next !== undefined, Marker: out.next };
  };
  const listPrincipals = (kind: Kind, marker: string | undefined, maxItems: number | undefined) => {
    const { items, ...more } = page(principalsOf(kind), marker, maxItems);
    return {
      list: items.map((p) => ({ name: p.name, path: p.path ?? '/', arn: `arn:${partition}:iam::${accountId}:${kind}${p.path ?? '/'}${p.name}` })),
      ...more,
    };
  };

  return {
    listPolicies: (input) =>
      call('iam', 'ListPolicies', input, () => {
        const scope = input.Scope ?? 'All';
        const selected = state.policies.map(describe).filter((p) => {
          const awsManaged = p.Arn?.includes(':iam::aws:') === true;
          if ((scope === 'AWS' && !awsManaged) || (scope === 'Local' && awsManaged)) return false;
          if (input.OnlyAttached) {
            // "Attached" in the way PolicyUsageFilter names, or either way without it.
            const asPolicy = (p.AttachmentCount ?? 0) > 0;
            const asBoundary = (p.PermissionsBoundaryUsageCount ?? 0) > 0;
            const usage = input.PolicyUsageFilter;
            if (usage === 'PermissionsPolicy' ? !asPolicy : usage === 'PermissionsBoundary' ? !asBoundary : !asPolicy && !asBoundary) return false;
          }
          return !input.PathPrefix || (p.Path ?? '/').startsWith(input.PathPrefix);
        });
        const { items, ...more } = page(selected, input.Marker, input.MaxItems);
        return { Policies: items, ...more };
      }),
    getPolicy: (input) => call('iam', 'GetPolicy', input, () => ({ Policy: describe(policy(input.PolicyArn)) })),
    getPolicyVersion: (input) =>
      call('iam', 'GetPolicyVersion', input, () => {
        const p = policy(input.PolicyArn);
        const versionId = p.defaultVersionId ?? 'v1';
        // Only the default version is kept: any other id is unknown, as a deleted version would be.
        if (input.VersionId !== versionId)
          throw notFound('NoSuchEntityException', `Policy ${input.PolicyArn} version ${input.VersionId} does not exist or is not attachable.`);
        return { PolicyVersion: { Document: encode(p.document), VersionId: versionId, IsDefaultVersion: true } };
      }),
    listEntitiesForPolicy: (input) =>
      call('iam', 'ListEntitiesForPolicy', input, () => {
        // AWS managed policies exist in every account, declared here or not.
        const arn = input.PolicyArn && isAwsManagedPolicyArn(input.PolicyArn) ? input.PolicyArn : arnOf(policy(input.PolicyArn));
        const filter = input.EntityFilter?.toLowerCase();
        const matched = entities().filter(({ kind, p }) => {
          if (filter && filter !== kind) return false;
          const asPolicy = p.attachedPolicies?.includes(arn) === true;
          const asBoundary = p.permissionsBoundary === arn;
          if (input.PolicyUsageFilter === 'PermissionsPolicy') return asPolicy;
          if (input.PolicyUsageFilter === 'PermissionsBoundary') return asBoundary;
          return asPolicy || asBoundary;
        });
        const { items, ...more } = page(matched, input.Marker, input.MaxItems);
        const names = (kind: Kind) => items.filter((e) => e.kind === kind).map((e) => e.p.name);
        return {
          PolicyRoles: names('role').map((RoleName) => ({ RoleName, RoleId: `AROA${RoleName.toUpperCase().slice(0, 17)}` })),
          PolicyUsers: names('user').map((UserName) => ({ UserName, UserId: `AIDA${UserName.toUpperCase().slice(0, 17)}` })),
          PolicyGroups: names('group').map((GroupName) => ({ GroupName, GroupId: `AGPA${GroupName.toUpperCase().slice(0, 17)}` })),
          ...more,
        };
      }),
    listRoles: (input) =>
      call('iam', 'ListRoles', input, () => {
        const { list, ...more } = listPrincipals('role', input.Marker, input.MaxItems);
        return {
          Roles: list.map((r) => ({
            RoleName: r.name,
            Path: r.path,
            Arn: r.arn,
            RoleId: `AROA${r.name.toUpperCase().slice(0, 17)}`,
            CreateDate: new Date('2025-01-15T10:00:00Z'),
          })),
          ...more,
        };
      }),
    listUsers: (input) =>
      call('iam', 'ListUsers', input, () => {
        const { list, ...more } = listPrincipals('user', input.Marker, input.MaxItems);
        return {
          Users: list.map((u) => ({
            UserName: u.name,
            Path: u.path,
            Arn: u.arn,
            UserId: `AIDA${u.name.toUpperCase().slice(0, 17)}`,
            CreateDate: new Date('2025-01-15T10:00:00Z'),
          })),
          ...more,
        };
      }),
    listGroups: (input) =>
      call('iam', 'ListGroups', input, () => {
        const { list, ...more } = listPrincipals('group', input.Marker, input.MaxItems);
        return {
          Groups: list.map((g) => ({
            GroupName: g.name,
            Path: g.path,
            Arn: g.arn,
            GroupId: `AGPA${g.name.toUpperCase().slice(0, 17)}`,
            CreateDate: new Date('2025-01-15T10:00:00Z'),
          })),
          ...more,
        };
      }),
    listRolePolicies: (input) =>
      call('iam', 'ListRolePolicies', input, () => {
        const { items, ...more } = page(Object.keys(principal('role', input.RoleName).inlinePolicies ?? {}), input.Marker, input.MaxItems);
        return { PolicyNames: items, ...more };
      }),
    listUserPolicies: (input) =>
      call('iam', 'ListUserPolicies', input, () => {
        const { items, ...more } = page(Object.keys(principal('user', input.UserName).inlinePolicies ?? {}), input.Marker, input.MaxItems);
        return { PolicyNames: items, ...more };
      }),
    listGroupPolicies: (input) =>
      call('iam', 'ListGroupPolicies', input, () => {
        const { items, ...more } = page(Object.keys(principal('group', input.GroupName).inlinePolicies ?? {}), input.Marker, input.MaxItems);
        return { PolicyNames: items, ...more };
      }),
    getRolePolicy: (input) =>
      call('iam', 'GetRolePolicy', input, () => ({
        RoleName: input.RoleName,
        PolicyName: input.PolicyName,
        PolicyDocument: inline('role', input.RoleName, input.PolicyName),
      })),
    getUserPolicy: (input) =>
      call('iam', 'GetUserPolicy', input, () => ({
        UserName: input.UserName,
        PolicyName: input.PolicyName,
        PolicyDocument: inline('user', input.UserName, input.PolicyName),
      })),
    getGroupPolicy: (input) =>
      call('iam', 'GetGroupPolicy', input, () => ({
        GroupName: input.GroupName,
        PolicyName: input.PolicyName,
        PolicyDocument: inline('group', input.GroupName, input.PolicyName),
      })),
    getAccountSummary: (input) =>
      call('iam', 'GetAccountSummary', input, () => ({
        SummaryMap: {
          AccountMFAEnabled: state.rootMfaEnabled ? 1 : 0,
          AccountAccessKeysPresent: state.rootAccessKeysPresent ? 1 : 0,
          Users: state.users.length,
          Roles: state.roles.length,
          Groups: state.groups.length,
          Policies: state.policies.filter((p) => !p.awsManaged).length,
        },
      })),
  };
}
