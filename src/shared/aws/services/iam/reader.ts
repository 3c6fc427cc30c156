/** Everything Preflight knows about calling IAM: the facts reader (the commands it sends are listed in sdk.ts, which binds them to the SDK). */
import type { ListPoliciesRequest, Policy } from '@aws-sdk/client-iam';
import { errorCode, PreflightError, ResourceNotFoundError } from '#shared/core/errors.js';
import { homeRegionOf, partitionOf } from '#shared/core/resource-ids.js';
import type { IamApi } from './sdk.js';
import { ServiceReader } from '../../reader-base.js';

/** A policy document IAM returned that is not the JSON IAM promises: the rule cannot tell, so ERROR. */
export class PolicyDocumentError extends PreflightError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PolicyDocumentError';
  }
}

/**
 * IAM returns policy documents URL-encoded (RFC 3986): decode, then parse. A document that already
 * starts with `{` was not encoded (decoding it could corrupt a literal `%` in a value).
 */
export function decodePolicyDocument(raw: string, where: string): unknown {
  try {
    const text = raw.trimStart().startsWith('{') ? raw : decodeURIComponent(raw);
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new PolicyDocumentError(`the policy document of ${where} is not URL-encoded JSON`, { cause: error });
  }
}

export type PrincipalKind = 'role' | 'user' | 'group';
const KINDS: readonly PrincipalKind[] = ['role', 'user', 'group'];

/** An inline policy's native name, `role/<role>/<policy>`: IAM names cannot contain `/`, so it parses back. */
export function inlinePolicyName(kind: PrincipalKind, entity: string, policy: string): string {
  return `${kind}/${entity}/${policy}`;
}

export function parseInlinePolicyName(name: string): { kind: PrincipalKind; entity: string; policy: string } | undefined {
  const [kind, entity, policy, ...rest] = name.split('/');
  if (rest.length > 0 || !entity || !policy || !KINDS.includes(kind as PrincipalKind)) return undefined;
  return { kind: kind as PrincipalKind, entity, policy };
}

/** AWS managed policies live in the pseudo-account `aws`: `arn:aws:iam::aws:policy/AmazonS3FullAccess`. */
export function isAwsManagedPolicyArn(arn: string): boolean {
  return /^arn:[^:]+:iam::aws:policy\//.test(arn);
}

export interface ManagedPolicyFacts {
  arn: string;
  name: string;
  path: string;
  defaultVersionId: string;
  awsManaged: boolean;
  /** Users, groups and roles it is attached to as a permissions policy. */
  /** Undefined when the answer did not say (never read as 0: "attached to nothing"). */
  attachmentCount?: number;
  /** Users and roles it bounds as a permissions boundary. */
  boundaryUsageCount: number;
}

export interface AccountSummary {
  /** GetAccountSummary's AccountMFAEnabled: 1 when the root user has an MFA device; undefined if unreported. */
  rootMfaEnabled?: boolean;
  rootAccessKeysPresent?: boolean;
}

const PAGE_SIZE = 1000;
const MISSING_CODES = new Set(['NoSuchEntity', 'NoSuchEntityException']);

function isMissing(error: unknown): boolean {
  return MISSING_CODES.has(errorCode(error)) || (error instanceof Error && MISSING_CODES.has(error.name));
}

export class IamReader extends ServiceReader<IamApi> {
  protected readonly service = 'iam';

  /** IAM answers from the partition's home region, whatever region is being evaluated. */
  protected override endpoint(): string {
    return homeRegionOf(partitionOf(this.region));
  }

  /** Every customer-managed policy, attached or not, all pages. */
  customerPolicies(): Promise<readonly ManagedPolicyFacts[]> {
    return this.accountFact('policies:local', () => this.listPolicies({ Scope: 'Local', OnlyAttached: false }));
  }

  /** AWS managed policies attached to something in this account as a permissions policy, all pages. */
  attachedAwsPolicies(): Promise<readonly ManagedPolicyFacts[]> {
    return this.accountFact('policies:aws-attached', () => this.listPolicies({ Scope: 'AWS', OnlyAttached: true, PolicyUsageFilter: 'PermissionsPolicy' }));
  }

  /** One managed policy: from a listing this scan already made, else GetPolicy. */
  policy(arn: string): Promise<ManagedPolicyFacts> {
    return this.accountFact(`policy:${arn}`, async () => {
      const listing = isAwsManagedPolicyArn(arn) ? 'policies:aws-attached' : 'policies:local';
      if (this.accountFactKnown(listing)) {
        const listed = await (isAwsManagedPolicyArn(arn) ? this.attachedAwsPolicies() : this.customerPolicies());
        const found = listed.find((p) => p.arn === arn);
        if (found) return found;
      }
      const out = await this.sendAbout(arn, isMissing, 'GetPolicy', (api) => api.getPolicy({ PolicyArn: arn }));
      const facts = out.Policy && this.policyFacts(out.Policy);
      if (!facts) throw new ResourceNotFoundError(arn);
      return facts;
    });
  }

  /** The decoded JSON of a managed policy's default version. */
  policyDocument(arn: string): Promise<unknown> {
    return this.accountFact(`policy-document:${arn}`, async () => {
      const { defaultVersionId } = await this.policy(arn);
      const out = await this.sendAbout(arn, isMissing, 'GetPolicyVersion', (api) => api.getPolicyVersion({ PolicyArn: arn, VersionId: defaultVersionId }));
      return decodePolicyDocument(out.PolicyVersion?.Document ?? '', arn);
    });
  }

  /** Names of the roles a managed policy is attached to as a permissions policy, all pages. */
  rolesWithPolicy(arn: string): Promise<readonly string[]> {
    return this.accountFact(`policy-roles:${arn}`, () =>
      this.allPagesAbout(arn, isMissing, 'ListEntitiesForPolicy', async (api, Marker) => {
        const out = await api.listEntitiesForPolicy({
          PolicyArn: arn,
          EntityFilter: 'Role',
          PolicyUsageFilter: 'PermissionsPolicy',
          MaxItems: PAGE_SIZE,
          Marker,
        });
        return { items: (out.PolicyRoles ?? []).flatMap((r) => (r.RoleName ? [r.RoleName] : [])), next: out.IsTruncated ? out.Marker : undefined };
      }),
    );
  }

  /**
   * Names of the roles, users and groups a managed policy is attached to as a permissions policy, all
   * pages. For a policy that always exists (an AWS managed one), so a NoSuchEntity stays an error.
   */
  entitiesWithPolicy(arn: string): Promise<Readonly<Record<PrincipalKind, readonly string[]>>> {
    return this.accountFact(`policy-entities:${arn}`, async () => {
      const pages = await this.allPages('ListEntitiesForPolicy', async (api, Marker) => {
        const out = await api.listEntitiesForPolicy({ PolicyArn: arn, PolicyUsageFilter: 'PermissionsPolicy', MaxItems: PAGE_SIZE, Marker });
        const names = <T>(list: T[] | undefined, name: (item: T) => string | undefined) => (list ?? []).flatMap((item) => name(item) ?? []);
        const page = {
          role: names(out.PolicyRoles, (r) => r.RoleName),
          user: names(out.PolicyUsers, (u) => u.UserName),
          group: names(out.PolicyGroups, (g) => g.GroupName),
        };
        return { items: [page], next: out.IsTruncated ? out.Marker : undefined };
      });
      return { role: pages.flatMap((p) => p.role), user: pages.flatMap((p) => p.user), group: pages.flatMap((p) => p.group) };
    });
  }

  /** Names and paths of every role, user or group, all pages. Service-linked roles are kept: callers decide. */
  principals(kind: PrincipalKind): Promise<ReadonlyArray<{ name: string; path: string }>> {
    return this.accountFact(`${kind}s`, () =>
      this.allPages(`List${capitalized(kind)}s`, async (api, Marker) => {
        const input = { MaxItems: PAGE_SIZE, Marker };
        const [list, out] =
          kind === 'role'
            ? await api.listRoles(input).then((o) => [(o.Roles ?? []).map((r) => [r.RoleName, r.Path] as const), o] as const)
            : kind === 'user'
              ? await api.listUsers(input).then((o) => [(o.Users ?? []).map((u) => [u.UserName, u.Path] as const), o] as const)
              : await api.listGroups(input).then((o) => [(o.Groups ?? []).map((g) => [g.GroupName, g.Path] as const), o] as const);
        const items = list.flatMap(([name, path]) => (name ? [{ name, path: path ?? '/' }] : []));
        return { items, next: out.IsTruncated ? out.Marker : undefined };
      }),
    );
  }

  /** The inline policy names of one role, user or group, all pages. */
  inlinePolicyNamesOf(kind: PrincipalKind, entity: string): Promise<readonly string[]> {
    return this.accountFact(`inline:${kind}:${entity}`, () =>
      // Deleted between ListRoles and this call: its inline policies went with it.
      this.unlessAbsent(isMissing, [], () =>
        this.allPages(`List${capitalized(kind)}Policies`, async (api, Marker) => {
          const input = { MaxItems: PAGE_SIZE, Marker };
          const out =
            kind === 'role'
              ? await api.listRolePolicies({ ...input, RoleName: entity })
              : kind === 'user'
                ? await api.listUserPolicies({ ...input, UserName: entity })
                : await api.listGroupPolicies({ ...input, GroupName: entity });
          return { items: out.PolicyNames ?? [], next: out.IsTruncated ? out.Marker : undefined };
        }),
      ),
    );
  }

  /** Native names (`role/<role>/<policy>`) of every inline policy of every principal of `kind`. */
  inlinePolicies(kind: PrincipalKind): Promise<readonly string[]> {
    return this.accountFact(`inline:${kind}:all`, async () => {
      const principals = await this.principals(kind);
      const names = await Promise.all(
        principals.map(async (p) => (await this.inlinePolicyNamesOf(kind, p.name)).map((policy) => inlinePolicyName(kind, p.name, policy))),
      );
      return names.flat();
    });
  }

  /** The decoded JSON of one inline policy; ResourceNotFoundError once it (or its principal) is gone. */
  inlinePolicyDocument(kind: PrincipalKind, entity: string, policy: string): Promise<unknown> {
    const name = inlinePolicyName(kind, entity, policy);
    return this.accountFact(`inline-document:${name}`, async () => {
      const out = await this.sendAbout(
        name,
        isMissing,
        `Get${capitalized(kind)}Policy`,
        (api): Promise<{ PolicyDocument?: string }> =>
          kind === 'role'
            ? api.getRolePolicy({ RoleName: entity, PolicyName: policy })
            : kind === 'user'
              ? api.getUserPolicy({ UserName: entity, PolicyName: policy })
              : api.getGroupPolicy({ GroupName: entity, PolicyName: policy }),
      );
      return decodePolicyDocument(out.PolicyDocument ?? '', name);
    });
  }

  accountSummary(): Promise<AccountSummary> {
    return this.accountFact('account-summary', async () => {
      const out = await this.send('GetAccountSummary', (api) => api.getAccountSummary({}));
      const flag = (value: number | undefined) => (value === undefined ? undefined : value > 0);
      return { rootMfaEnabled: flag(out.SummaryMap?.AccountMFAEnabled), rootAccessKeysPresent: flag(out.SummaryMap?.AccountAccessKeysPresent) };
    });
  }

  private async listPolicies(filter: Pick<ListPoliciesRequest, 'Scope' | 'OnlyAttached' | 'PolicyUsageFilter'>): Promise<ManagedPolicyFacts[]> {
    return this.allPages('ListPolicies', async (api, Marker) => {
      const out = await api.listPolicies({ ...filter, MaxItems: PAGE_SIZE, Marker });
      const items = (out.Policies ?? []).flatMap((p) => {
        const facts = this.policyFacts(p);
        return facts ? [facts] : [];
      });
      return { items, next: out.IsTruncated ? out.Marker : undefined };
    });
  }

  private policyFacts(p: Policy): ManagedPolicyFacts | undefined {
    if (!p.Arn || !p.PolicyName || !p.DefaultVersionId) return undefined;
    return {
      arn: p.Arn,
      name: p.PolicyName,
      path: p.Path ?? '/',
      defaultVersionId: p.DefaultVersionId,
      awsManaged: isAwsManagedPolicyArn(p.Arn),
      attachmentCount: p.AttachmentCount,
      boundaryUsageCount: p.PermissionsBoundaryUsageCount ?? 0,
    };
  }
}

function capitalized(kind: PrincipalKind): string {
  return kind.charAt(0).toUpperCase() + kind.slice(1);
}
