/**
 * Multi-account fan-out (docs/performance.md §6): the scheduled sweep (sweep.ts) plans one work item per (member account,
 * region) and enqueues them on SQS; sweep workers take one each, assume the member account's read-only
 * role and run the same sweep (engine + store) as a single-account deployment.
 */
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import * as z from 'zod';
import type { Rule } from '../../rules/define-rule.js';
import { awsApiProvider } from '#shared/aws/clients.js';
import type { ApiProvider } from '#shared/aws/readers.js';
import { type ContinuousDeps, runSweep, type SweepReport } from './orchestration.js';
import { ConfigError, PreflightError } from '#shared/core/errors.js';
import { GLOBAL_REGION } from '#shared/core/model.js';
import type { MemberAccount } from '#shared/config/preflight-config.js';
import { ACCOUNT_ID_PATTERN, partitionOf, REGION_PATTERN } from '#shared/core/resource-ids.js';
import { parseMessageBody } from '#shared/core/message-body.js';

// --- configuration --------------------------------------------------------------------------------

/** A member account to sweep; `regions` overrides the sweep's regions for that account. */
export interface MemberTarget {
  id: string;
  regions?: readonly string[];
}

export interface FanoutConfig {
  /** MEMBER_ACCOUNTS, then the configuration's `accounts` not already listed. */
  memberAccounts: string[];
  /** The same accounts, with the regions the configuration gives some of them. */
  members: MemberTarget[];
  /** Role name (no path) assumed in every member account; deploy/member-stack.yml creates it. */
  memberRoleName: string;
  /** The StackSet's ExternalId parameter; required by the member role's trust policy when set. */
  externalId?: string;
  /** Where the scheduler sends work items (the workers do not need it). */
  queueUrl?: string;
}

const fanoutEnvSchema = z.object({
  MEMBER_ACCOUNTS: z
    .string()
    .optional()
    .transform((v) => [
      ...new Set(
        (v ?? '')
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      ),
    ])
    .pipe(z.array(z.string().regex(ACCOUNT_ID_PATTERN, 'must be 12-digit account ids, comma-separated'))),
  MEMBER_ROLE_NAME: z
    .string()
    .regex(/^[\w+=,.@-]{1,64}$/, 'must be an IAM role name')
    .optional(),
  EXTERNAL_ID: z
    .string()
    .regex(/^[\w+=,.@:/-]{2,1224}$/, 'must be 2-1224 characters of [\\w+=,.@:/-]')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  SWEEP_QUEUE_URL: z
    .string()
    .url()
    .optional()
    .or(z.literal('').transform(() => undefined)),
});

/**
 * The fan-out settings, or undefined when no member account is configured (sweep this account).
 * Member accounts come from MEMBER_ACCOUNTS (the `memberAccounts` deploy param) and from the
 * configuration parameter's `accounts`. An account's `roleArn` there must name the role the worker
 * may assume (MEMBER_ROLE_NAME, the worker's only sts:AssumeRole grant) in that same account: a
 * different role would be denied at sweep time, so it is refused here, at the field that says it.
 */
export function loadFanoutConfig(env: NodeJS.ProcessEnv = process.env, configured: readonly MemberAccount[] = []): FanoutConfig | undefined {
  const parsed = fanoutEnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new ConfigError(`invalid fan-out environment: ${problems}`);
  }
  const e = parsed.data;
  const members = new Map<string, MemberTarget>(e.MEMBER_ACCOUNTS.map((id) => [id, { id }]));
  for (const account of configured) members.set(account.id, account.regions ? { id: account.id, regions: account.regions } : { id: account.id });
  if (members.size === 0) return undefined;
  if (!e.MEMBER_ROLE_NAME) throw new ConfigError('member accounts are configured: MEMBER_ROLE_NAME must name the role to assume in them');
  configured.forEach((account, i) => {
    if (!account.roleArn) return;
    const expected = `:iam::${account.id}:role/${e.MEMBER_ROLE_NAME}`;
    if (!account.roleArn.endsWith(expected)) {
      throw new ConfigError(
        `accounts[${i}].roleArn: must be the ${e.MEMBER_ROLE_NAME} role of account ${account.id} (the worker may assume only MEMBER_ROLE_NAME), not ${account.roleArn}`,
      );
    }
  });
  const list = [...members.values()];
  return { memberAccounts: list.map((m) => m.id), members: list, memberRoleName: e.MEMBER_ROLE_NAME, externalId: e.EXTERNAL_ID, queueUrl: e.SWEEP_QUEUE_URL };
}

// --- work items -----------------------------------------------------------------------------------

export const workItemSchema = z
  .object({
    accountId: z.string().regex(ACCOUNT_ID_PATTERN),
    region: z.string().regex(REGION_PATTERN),
    /** Global rules (Budgets, dashboards, billing alarm) run once per account: in one item only. */
    includeGlobal: z.boolean(),
    /**
     * Every region of this account in this sweep: the account's first sweep is announced by one
     * summary once all of them reported. (Absent from items enqueued before it existed.)
     */
    regions: z.array(z.string().regex(REGION_PATTERN)).min(1).max(64).optional(),
    /** The sweep this item belongs to (the schedule's time), for logs. */
    sweepId: z.string().min(1).max(128),
  })
  .strict();

export type WorkItem = z.infer<typeof workItemSchema>;

export class WorkItemError extends PreflightError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'WorkItemError';
  }
}

export function parseWorkItem(body: string): WorkItem {
  return parseMessageBody(body, workItemSchema, 'work item', (message, options) => new WorkItemError(message, options));
}

/**
 * One item per (account, region), in the account's own regions when it has some; the first region of
 * each account also runs the global rules.
 */
export function planWorkItems(accounts: ReadonlyArray<string | MemberTarget>, regions: readonly string[], sweepId: string): WorkItem[] {
  return accounts.flatMap((account) => {
    const target = typeof account === 'string' ? { id: account } : account;
    const unique = [...new Set(target.regions ?? regions)];
    return unique.map((region, i) => ({ accountId: target.id, region, includeGlobal: i === 0, regions: unique, sweepId }));
  });
}

/** The rules a work item runs: regional ones always, global ones only where `includeGlobal`. */
export function rulesFor(item: Pick<WorkItem, 'includeGlobal'>, rules: readonly Rule[]): Rule[] {
  return item.includeGlobal ? [...rules] : rules.filter((rule) => !rule.global);
}

const SQS_BATCH = 10;
const ENQUEUE_ATTEMPTS = 3;

/**
 * Sends every item (batches of 10). Entries SQS reports as failed are resent; throws if some still
 * fail, naming them, so the schedule's retry re-plans the sweep rather than silently skipping accounts.
 */
export async function enqueueWorkItems(sqs: SQSClient, queueUrl: string, items: readonly WorkItem[]): Promise<number> {
  const { SendMessageBatchCommand } = await import('#shared/aws/on-demand/sqs.js');
  let pending = items.map((item, i) => ({ Id: `i${i}`, MessageBody: JSON.stringify(item) }));
  for (let attempt = 1; attempt <= ENQUEUE_ATTEMPTS && pending.length > 0; attempt += 1) {
    const failed: typeof pending = [];
    for (let start = 0; start < pending.length; start += SQS_BATCH) {
      const entries = pending.slice(start, start + SQS_BATCH);
      const out = await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
      const failedIds = new Set((out.Failed ?? []).map((f) => f.Id));
      failed.push(...entries.filter((e) => failedIds.has(e.Id)));
    }
    pending = failed;
  }
  if (pending.length > 0) {
    throw new PreflightError(`could not enqueue ${pending.length} of ${items.length} work items: ${pending.map((p) => p.MessageBody).join(', ')}`);
  }
  return items.length;
}

// --- member credentials -----------------------------------------------------------------------------

/** Credentials are renewed this long before they expire (a sweep may run for minutes). */
const REFRESH_MARGIN_MS = 5 * 60_000;
const SESSION_SECONDS = 3600;

export function memberRoleArn(accountId: string, roleName: string, region: string): string {
  return `arn:${partitionOf(region)}:iam::${accountId}:role/${roleName}`;
}

/**
 * A credential provider for the member role: one AssumeRole, reused until 5 minutes before it
 * expires. The SDK clients call it before each request, so a long sweep renews in flight.
 */
export function assumeRoleCredentials(
  sts: STSClient,
  params: { accountId: string; roleName: string; externalId?: string; region: string; sessionPrefix?: string; now?: () => number },
): AwsCredentialIdentityProvider {
  const now = params.now ?? Date.now;
  let current: AwsCredentialIdentity | undefined;
  let loading: Promise<AwsCredentialIdentity> | undefined;
  const assume = async (): Promise<AwsCredentialIdentity> => {
    const { AssumeRoleCommand } = await import('#shared/aws/on-demand/sts.js');
    const out = await sts.send(
      new AssumeRoleCommand({
        RoleArn: memberRoleArn(params.accountId, params.roleName, params.region),
        // Names the reader in the member's CloudTrail: preflight-sweep-…, preflight-event-…
        RoleSessionName: `${params.sessionPrefix ?? 'preflight-sweep'}-${params.accountId}`,
        ExternalId: params.externalId,
        DurationSeconds: SESSION_SECONDS,
      }),
    );
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken) {
      throw new PreflightError(`AssumeRole into ${params.accountId} returned no credentials`);
    }
    return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration };
  };
  return async () => {
    const fresh = current && (!current.expiration || current.expiration.getTime() - REFRESH_MARGIN_MS > now());
    if (fresh && current) return current;
    // Concurrent callers share one AssumeRole.
    loading ??= assume().finally(() => {
      loading = undefined;
    });
    current = await loading;
    return current;
  };
}

export interface MemberApisOptions {
  sts: STSClient;
  /** Undefined when no member account is configured: only the own account can be swept. */
  config: Pick<FanoutConfig, 'memberRoleName' | 'externalId'> | undefined;
  /** The region the worker runs in (partition of the role ARN). */
  region: string;
  /** The worker's own account: swept with its own credentials, no AssumeRole. */
  ownAccountId: string;
  ownApis: ApiProvider;
  /** The role session's name before the account id (default preflight-sweep). */
  sessionPrefix?: string;
  /** For tests: builds the provider from the member credentials. */
  apiProviderFor?: (credentials: AwsCredentialIdentityProvider) => ApiProvider;
}

/**
 * ApiProviders per member account, cached for the container's life (their credentials renew). The
 * role is assumed before the provider is handed out, so a denied AssumeRole fails the work item
 * with its own error instead of turning every rule of the account into ERROR.
 */
export function memberApis(options: MemberApisOptions): (accountId: string, memberAccounts: readonly string[]) => Promise<ApiProvider> {
  const cache = new Map<string, { apis: ApiProvider; credentials: AwsCredentialIdentityProvider }>();
  const build = options.apiProviderFor ?? ((credentials) => awsApiProvider({ credentials }));
  return async (accountId, memberAccounts) => {
    if (accountId === options.ownAccountId) return options.ownApis;
    // Only the configured accounts (the current list: the configuration parameter may change it): a
    // stray message cannot point the worker at any other account.
    if (!memberAccounts.includes(accountId)) {
      throw new WorkItemError(`account ${accountId} is not a member account (MEMBER_ACCOUNTS or the configuration's accounts)`);
    }
    const { config } = options;
    if (!config) throw new ConfigError(`work item for account ${accountId}, but no MEMBER_ROLE_NAME is configured to assume into it`);
    let member = cache.get(accountId);
    if (!member) {
      const credentials = assumeRoleCredentials(options.sts, {
        accountId,
        roleName: config.memberRoleName,
        externalId: config.externalId,
        region: options.region,
        sessionPrefix: options.sessionPrefix,
      });
      member = { apis: build(credentials), credentials };
      cache.set(accountId, member);
    }
    await member.credentials();
    return member.apis;
  };
}

// --- the worker's sweep -----------------------------------------------------------------------------

/**
 * Runs one work item: the same sweep as a single-account deployment, with the member's APIs. Its
 * region's first sweep is that region's baseline; the account's summary waits for the other regions
 * of the item's sweep (and the global rules, run by one of them).
 */
export async function runWorkItem(deps: ContinuousDeps, item: WorkItem, apis: ApiProvider): Promise<SweepReport> {
  const plannedRegions = [...(item.regions ?? [item.region]), ...(deps.rules.some((rule) => rule.global) ? [GLOBAL_REGION] : [])];
  return runSweep({ ...deps, apis, rules: rulesFor(item, deps.rules) }, item.accountId, [item.region], { plannedRegions });
}
