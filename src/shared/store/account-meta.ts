/**
 * The account item (`ACCOUNT#<id>` / `META`): which regions of an account have had their first sweep
 * (their baseline), and the one baseline summary that announces them.
 *
 * A baseline is per region: the first sweep of (account, region) records what it finds without an
 * alert per failing finding. An account swept by several work items (one per region, at different
 * times) announces its first sweep once: each region's first sweep adds its counts here, and the
 * summary is sent when every region planned for that first sweep has reported, or when the first of
 * them has waited BASELINE_WAIT_MS (a region stuck in a dead-letter queue must not silence the others;
 * the summary names the regions still missing). A region swept for the first time later (added to the
 * configuration, or one that missed the wait) gets a summary of its own. Sending is claimed with a
 * conditional write, like an alert, so concurrent workers send it once.
 *
 * | attribute           | meaning                                                                      |
 * |---------------------|------------------------------------------------------------------------------|
 * | plannedRegions      | string set: regions announced by the work items of a first sweep            |
 * | sweptRegions        | string set: regions whose first sweep is recorded                            |
 * | summarizedRegions   | string set: regions a sent summary covered                                   |
 * | baseline:<region>   | that region's first-sweep counts (RegionBaseline)                            |
 * | summaryDueSince     | when the oldest region not yet summarized was swept (absent: nothing due)   |
 * | summaryClaimedUntil | an invocation is publishing the summary until then                          |
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand, type UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Severity } from '#shared/core/model.js';
import { accountPk } from './keys.js';

/** What one region's first sweep found. */
export interface RegionBaseline {
  at: string;
  failing: number;
  errors: number;
  bySeverity: Partial<Record<Severity, number>>;
  byRule: Record<string, number>;
}

export interface AccountMeta {
  accountId: string;
  /** When the account's first region was baselined. */
  baselinedAt?: string;
  planned: string[];
  swept: string[];
  summarized: string[];
  baselines: Record<string, RegionBaseline>;
  summaryDueSince?: string;
  summaryClaimedUntil?: string;
  /**
   * An account item written before baselines were kept per region (baselinedAt only): every region of
   * it counts as baselined, as it did then.
   */
  legacy: boolean;
}

/** How long a summary waits for the other regions of a first sweep. */
export const BASELINE_WAIT_MS = 60 * 60_000;

const BASELINE_PREFIX = 'baseline:';

function strings(value: unknown): string[] {
  if (value instanceof Set) return [...(value as Set<string>)].sort();
  return Array.isArray(value) ? value.map(String).sort() : [];
}

export function parseAccountMeta(accountId: string, item: Record<string, unknown>): AccountMeta {
  const baselines: Record<string, RegionBaseline> = {};
  for (const [key, value] of Object.entries(item)) {
    if (key.startsWith(BASELINE_PREFIX) && value && typeof value === 'object') baselines[key.slice(BASELINE_PREFIX.length)] = value as RegionBaseline;
  }
  const swept = strings(item.sweptRegions);
  return {
    accountId,
    ...(typeof item.baselinedAt === 'string' ? { baselinedAt: item.baselinedAt } : {}),
    planned: strings(item.plannedRegions),
    swept,
    summarized: strings(item.summarizedRegions),
    baselines,
    ...(typeof item.summaryDueSince === 'string' ? { summaryDueSince: item.summaryDueSince } : {}),
    ...(typeof item.summaryClaimedUntil === 'string' ? { summaryClaimedUntil: item.summaryClaimedUntil } : {}),
    legacy: typeof item.baselinedAt === 'string' && swept.length === 0,
  };
}

/** Whether findings of `region` are past their baseline (new failures there alert one by one). */
export function isBaselined(meta: AccountMeta | undefined, region: string): boolean {
  if (!meta) return false;
  return meta.legacy || meta.swept.includes(region);
}

/**
 * For an event or a Config evaluation: a region no first sweep planned (outside the scanned regions:
 * an S3 bucket located elsewhere) will never have a baseline of its own, so the account's applies.
 */
export function isBaselinedForEvent(meta: AccountMeta | undefined, region: string): boolean {
  return isBaselined(meta, region) || (meta !== undefined && meta.swept.length > 0 && !meta.planned.includes(region));
}

/** Regions swept but not yet announced by a summary. */
export function unsummarized(meta: AccountMeta): string[] {
  return meta.swept.filter((r) => !meta.summarized.includes(r));
}

/** Regions planned for a first sweep that have not reported yet. */
export function outstanding(meta: AccountMeta): string[] {
  return meta.planned.filter((r) => !meta.swept.includes(r));
}

/** The summary is due once every planned region reported, or the oldest unannounced one waited long enough. */
export function summaryDue(meta: AccountMeta, now: Date, waitMs = BASELINE_WAIT_MS): boolean {
  if (unsummarized(meta).length === 0) return false;
  if (outstanding(meta).length === 0) return true;
  return meta.summaryDueSince !== undefined && now.getTime() - Date.parse(meta.summaryDueSince) >= waitMs;
}

/** The account item's storage: one conditional UpdateItem per step, answers read back (ALL_NEW). */
export class AccountMetaTable {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  private key(accountId: string) {
    return { pk: accountPk(accountId), sk: 'META' };
  }

  async get(accountId: string): Promise<AccountMeta | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: this.key(accountId), ConsistentRead: true }));
    return out.Item ? parseAccountMeta(accountId, out.Item) : undefined;
  }

  /**
   * Records the first sweep of some regions (their counts) and the regions planned with them; sets
   * are merged, so a work item delivered twice changes nothing. Returns the item as it now is.
   */
  async recordBaselines(accountId: string, planned: readonly string[], baselines: Readonly<Record<string, RegionBaseline>>, at: Date): Promise<AccountMeta> {
    const regions = Object.keys(baselines);
    if (regions.length === 0) throw new RangeError('recordBaselines needs at least one region');
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {
      ':account': accountId,
      ':at': at.toISOString(),
      ':planned': new Set([...planned, ...regions]),
      ':swept': new Set(regions),
    };
    const sets = regions.map((region, i) => {
      names[`#b${i}`] = `${BASELINE_PREFIX}${region}`;
      values[`:b${i}`] = baselines[region];
      return `#b${i} = :b${i}`;
    });
    return this.update(accountId, {
      UpdateExpression: `SET accountId = :account, baselinedAt = if_not_exists(baselinedAt, :at), summaryDueSince = if_not_exists(summaryDueSince, :at), ${sets.join(', ')} ADD plannedRegions :planned, sweptRegions :swept`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    });
  }

  /** Claims sending the summary until `until`; the item as claimed, or undefined if nothing is due or another invocation holds it. */
  async claimSummary(accountId: string, now: Date, until: Date): Promise<AccountMeta | undefined> {
    return this.conditional(accountId, {
      UpdateExpression: 'SET summaryClaimedUntil = :until',
      ConditionExpression: 'attribute_exists(summaryDueSince) AND (attribute_not_exists(summaryClaimedUntil) OR summaryClaimedUntil < :now)',
      ExpressionAttributeValues: { ':until': until.toISOString(), ':now': now.toISOString() },
    });
  }

  /** Publishing failed or was not due after all: let the next invocation try. */
  async releaseSummary(accountId: string): Promise<void> {
    await this.conditional(accountId, { UpdateExpression: 'REMOVE summaryClaimedUntil', ConditionExpression: 'attribute_exists(pk)' });
  }

  /**
   * The summary of `regions` was published. Nothing stays due unless a region was swept meanwhile
   * (`sweptRegions` grew past `sweptCount`): then that one is due from `now`.
   */
  async completeSummary(accountId: string, regions: readonly string[], sweptCount: number, now: Date): Promise<void> {
    const done = await this.conditional(accountId, {
      UpdateExpression: 'ADD summarizedRegions :regions REMOVE summaryClaimedUntil, summaryDueSince',
      ConditionExpression: 'size(sweptRegions) = :count',
      ExpressionAttributeValues: { ':regions': new Set(regions), ':count': sweptCount },
    });
    if (done) return;
    await this.update(accountId, {
      UpdateExpression: 'ADD summarizedRegions :regions REMOVE summaryClaimedUntil SET summaryDueSince = :now',
      ExpressionAttributeValues: { ':regions': new Set(regions), ':now': now.toISOString() },
    });
  }

  /** Marks every given region baselined with nothing to announce (tests, and accounts seeded by hand). */
  async markBaselined(accountId: string, regions: readonly string[], at: Date): Promise<void> {
    await this.update(accountId, {
      UpdateExpression:
        'SET accountId = :account, baselinedAt = if_not_exists(baselinedAt, :at) ADD plannedRegions :regions, sweptRegions :regions, summarizedRegions :regions',
      ExpressionAttributeValues: { ':account': accountId, ':at': at.toISOString(), ':regions': new Set(regions) },
    });
  }

  private async update(accountId: string, input: Omit<UpdateCommandInput, 'TableName' | 'Key'>): Promise<AccountMeta> {
    const out = await this.doc.send(new UpdateCommand({ TableName: this.tableName, Key: this.key(accountId), ReturnValues: 'ALL_NEW', ...input }));
    return parseAccountMeta(accountId, out.Attributes ?? {});
  }

  private async conditional(accountId: string, input: Omit<UpdateCommandInput, 'TableName' | 'Key'>): Promise<AccountMeta | undefined> {
    try {
      return await this.update(accountId, input);
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }
}
