/**
 * The readers of an account the deployment watches, in any region: this account with the container's
 * own credentials; a member account (MEMBER_ACCOUNTS or the configuration's `accounts`) through its
 * read-only role, MEMBER_ROLE_NAME with EXTERNAL_ID, assumed once per account for the container's life
 * and renewed before it expires (fanout.ts `memberApis`). Any other account is refused before any
 * AssumeRole. The sweep worker, the CloudTrail handler and follow-up evaluations read accounts only
 * through here.
 */
import type { STSClient } from '@aws-sdk/client-sts';
import { clientConfig } from '#shared/aws/client-config.js';
import type { ApiProvider, RegionApis } from '#shared/aws/readers.js';
import type { CloudTrailEvent } from '#shared/engine/cloudtrail-router.js';
import { errorMessage, PreflightError } from '#shared/core/errors.js';
import { type FanoutConfig, loadFanoutConfig, memberApis } from './fanout.js';
import { onFirstUse, type Runtime } from './runtime.js';

/** The account is neither this one nor a configured member: nothing of it is read. */
export class UnknownAccountError extends PreflightError {
  constructor(readonly accountId: string) {
    super(`account ${accountId} is not a member account (MEMBER_ACCOUNTS or the configuration's accounts)`);
    this.name = 'UnknownAccountError';
  }
}

/** The member role could not be assumed (denied, throttled, STS down): retry, never a verdict. */
export class MemberAccessError extends PreflightError {
  constructor(
    readonly accountId: string,
    cause: unknown,
  ) {
    super(`cannot assume the member role in account ${accountId}: ${errorMessage(cause)}`, { cause });
    this.name = 'MemberAccessError';
  }
}

/**
 * Where a CloudTrail event happened. Forwarding to the central bus keeps the record and the envelope's
 * `account` and `region`; the record's own fields come first (they are what CloudTrail logged).
 */
export function eventOrigin(event: CloudTrailEvent, ownAccountId: string): { accountId: string; region: string } {
  return { accountId: event.detail.recipientAccountId ?? event.account ?? ownAccountId, region: event.detail.awsRegion };
}

export interface AccountAccess {
  accountId: string;
  /** False for this deployment's own account (its own credentials). */
  member: boolean;
  apis: ApiProvider;
  /** The regions watched in that account: the member's own `regions`, else the deployment's. */
  regions: readonly string[];
}

export interface MemberAccess {
  /** This account or a configured member (the current list: the configuration parameter may change it). */
  knows(accountId: string): boolean;
  /** The regions watched in that account: the member's own `regions`, else the deployment's. */
  regionsOf(accountId: string): readonly string[];
  /** Throws UnknownAccountError for an account it does not know, MemberAccessError when the role cannot be assumed. */
  accessFor(accountId: string): Promise<AccountAccess>;
  /** The readers of one account in one region. */
  readersFor(accountId: string, region: string): Promise<RegionApis>;
}

export interface MemberAccessOptions {
  /** The role session's name before the account id, as the member's CloudTrail shows it (e.g. preflight-event). */
  sessionPrefix: string;
  /** For tests: STS client and the provider built from member credentials. */
  sts?: STSClient;
  apiProviderFor?: Parameters<typeof memberApis>[0]['apiProviderFor'];
}

type MemberApis = ReturnType<typeof memberApis>;

/** Per container: the assumed roles, by role name, external id and session prefix (fixed by the environment). */
const cache = new Map<string, () => Promise<MemberApis>>();

/** For tests: forget cached member credentials and clients. */
export function resetMemberAccess(): void {
  cache.clear();
}

/**
 * The member readers of one key, with their STS client: built once per container, the client loaded by
 * `import()` when a member account is first read, so STS's SDK is not part of the cold start.
 */
function cachedMemberApis(runtime: Runtime, ownAccountId: string, fanout: FanoutConfig, options: MemberAccessOptions): Promise<MemberApis> {
  const region = runtime.config.region;
  const key = JSON.stringify([region, ownAccountId, fanout.memberRoleName, fanout.externalId ?? '', options.sessionPrefix]);
  let apisOf = cache.get(key);
  if (!apisOf) {
    apisOf = onFirstUse(async () =>
      memberApis({
        sts: options.sts ?? new (await import('#shared/aws/on-demand/sts.js')).STSClient(clientConfig(region)),
        config: { memberRoleName: fanout.memberRoleName, externalId: fanout.externalId },
        region,
        ownAccountId,
        ownApis: runtime.deps.apis,
        sessionPrefix: options.sessionPrefix,
        apiProviderFor: options.apiProviderFor,
      }),
    );
    cache.set(key, apisOf);
  }
  return apisOf();
}

/**
 * The accounts a runtime may read. The member list is read on every call (the configuration
 * parameter may change it); the assumed credentials are the container's.
 */
export function memberAccessFor(runtime: Runtime, ownAccountId: string, options: MemberAccessOptions): MemberAccess {
  const fanout = loadFanoutConfig(process.env, runtime.preflightConfig?.accounts);
  const members = new Map((fanout?.members ?? []).map((m) => [m.id, m]));
  const knows = (accountId: string) => accountId === ownAccountId || members.has(accountId);
  const regionsOf = (accountId: string) => members.get(accountId)?.regions ?? runtime.deps.scanRegions;
  const accessFor = async (accountId: string): Promise<AccountAccess> => {
    const regions = regionsOf(accountId);
    if (accountId === ownAccountId) return { accountId, member: false, apis: runtime.deps.apis, regions };
    if (!fanout || !members.has(accountId)) throw new UnknownAccountError(accountId);
    try {
      const apis = await (await cachedMemberApis(runtime, ownAccountId, fanout, options))(accountId, fanout.memberAccounts);
      return { accountId, member: true, apis, regions };
    } catch (error) {
      throw new MemberAccessError(accountId, error);
    }
  };
  return {
    knows,
    regionsOf,
    accessFor,
    readersFor: async (accountId, region) => (await accessFor(accountId)).apis(region),
  };
}
