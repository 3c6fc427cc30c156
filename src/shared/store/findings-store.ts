/**
 * The findings store on DynamoDB. Every write is conditional on the finding's version, so exactly one
 * writer observes each transition even when a sweep and a CloudTrail event evaluate the same resource
 * at the same moment; the loser re-reads and decides again. Unchanged evaluations write nothing.
 */
import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, type QueryCommandInput, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { Limiter } from '#shared/core/limiter.js';
import type { CoverageEntry } from '#shared/engine/engine.js';
import { errorCode, PreflightError } from '#shared/core/errors.js';
import type { Finding, Suppression } from '#shared/core/model.js';
import { ALL_KEY, FINDING_SK, findingPk, INDEX, OUTBOX_KEY, SUPPRESSION_PK, scopeKey, sweepPk } from './keys.js';
import { AccountMetaTable, type AccountMeta } from './account-meta.js';
import { suppressionMatcher } from './suppressions.js';
import { type Decision, decide, type PendingAlert, type StoredFinding, type TransitionPolicy } from './transitions.js';

export class StoreError extends PreflightError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'StoreError';
  }
}

/** Raised when a finding kept changing under us more times than it is reasonable to retry. */
export class StoreConflictError extends StoreError {
  constructor(key: string, options?: ErrorOptions) {
    super(`finding ${key} kept changing concurrently; giving up after retries`, options);
    this.name = 'StoreConflictError';
  }
}

export interface RecordOptions {
  mode: 'sweep' | 'event';
  policy: TransitionPolicy;
  /** Sweep only: the (rule, region) pairs fully listed, whose unlisted findings are closed. */
  complete?: readonly CoverageEntry[];
  accountId: string;
  /** Sweep only: findings evaluated after this (by an event) are not closed as missing. */
  sweepStartedAt?: string;
  now?: () => Date;
  /**
   * Suppressions that live outside the table (a deployment's configuration parameter), applied with the
   * table's own: the table's are matched first, so a suppression set through the store keeps its reason.
   */
  suppressions?: readonly Suppression[];
  /**
   * Whether a region is past its baseline (overrides `policy.baselined` per finding): a region's first
   * sweep records without an alert per failing finding, whatever other regions of the account did.
   */
  regionBaselined?: (region: string) => boolean;
}

export interface RecordResult {
  /** Findings whose status changed, with the state they left. */
  transitions: Array<{ finding: StoredFinding; from: StoredFinding['status'] | null }>;
  /** Alerts put in the outbox by this call. */
  alerts: number;
  writes: number;
  conflicts: number;
  /** The state every recorded finding was left in (written or unchanged): what the store now says. */
  settled: StoredFinding[];
}

type Item = StoredFinding & Record<string, unknown> & { alertClaimedUntil?: string };

const MAX_CONFLICT_RETRIES = 8;
const WRITE_CONCURRENCY = 16;

export type { AccountMeta } from './account-meta.js';

export class FindingsStore {
  readonly doc: DynamoDBDocumentClient;
  /** The account items: per-region baselines and the summary that announces them. */
  readonly accounts: AccountMetaTable;

  constructor(
    client: DynamoDBClient | DynamoDBDocumentClient,
    readonly tableName: string,
  ) {
    this.doc = client instanceof DynamoDBDocumentClient ? client : DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
    this.accounts = new AccountMetaTable(this.doc, tableName);
  }

  async get(ruleId: string, resourceId: string): Promise<StoredFinding | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: findingPk(ruleId, resourceId), sk: FINDING_SK }, ConsistentRead: true }),
    );
    return out.Item ? fromItem(out.Item as Item) : undefined;
  }

  /** Current findings of one rule in one account and region (all pages). */
  async scopeFindings(accountId: string, region: string, ruleId: string): Promise<StoredFinding[]> {
    return this.queryAll({
      TableName: this.tableName,
      IndexName: INDEX.byScope,
      KeyConditionExpression: 'scopeKey = :scope',
      ExpressionAttributeValues: { ':scope': scopeKey(accountId, region, ruleId) },
    });
  }

  /**
   * Records the engine's findings as transitions. In a sweep, findings of fully listed (rule, region)
   * pairs that the sweep no longer saw are closed (RESOLVED).
   */
  async record(findings: readonly Finding[], options: RecordOptions): Promise<RecordResult> {
    const now = options.now ?? (() => new Date());
    const suppressionFor = suppressionMatcher([...(await this.listSuppressions()), ...(options.suppressions ?? [])]);
    const known = new Map<string, StoredFinding>();
    if (options.mode === 'sweep') {
      // One query per (rule, region) instead of one read per finding: the steady state costs reads only.
      const scopes = new Map<string, [string, string]>();
      for (const f of findings) scopes.set(scopeKey(f.accountId, f.region, f.ruleId), [f.region, f.ruleId]);
      for (const c of options.complete ?? []) scopes.set(scopeKey(options.accountId, c.region, c.ruleId), [c.region, c.ruleId]);
      const loaded = await Promise.all([...scopes.values()].map(([region, ruleId]) => this.scopeFindings(options.accountId, region, ruleId)));
      for (const stored of loaded.flat()) known.set(findingPk(stored.ruleId, stored.resourceId), stored);
    }

    const toRecord = [...findings];
    if (options.mode === 'sweep') toRecord.push(...this.missingFrom(findings, known, options, now()));

    const result: RecordResult = { transitions: [], alerts: 0, writes: 0, conflicts: 0, settled: [] };
    const limiter = new Limiter(WRITE_CONCURRENCY);
    await Promise.all(
      toRecord.map((finding) =>
        limiter.run(async () => {
          const key = findingPk(finding.ruleId, finding.resourceId);
          const current = options.mode === 'sweep' ? known.get(key) : await this.get(finding.ruleId, finding.resourceId);
          const suppression = suppressionFor(finding, now());
          await this.apply(finding, current, suppression, options, result);
        }),
      ),
    );
    return result;
  }

  /** Findings the sweep should have seen again but did not: their resources are gone. */
  private missingFrom(findings: readonly Finding[], known: Map<string, StoredFinding>, options: RecordOptions, now: Date): Finding[] {
    const seen = new Set(findings.map((f) => findingPk(f.ruleId, f.resourceId)));
    const complete = new Set((options.complete ?? []).map((c) => `${c.region}#${c.ruleId}`));
    // The listing that no longer shows them was read after the sweep started, not at record time.
    const evaluatedAt = options.sweepStartedAt ?? now.toISOString();
    const missing: Finding[] = [];
    for (const [key, stored] of known) {
      if (seen.has(key) || stored.status === 'RESOLVED') continue;
      if (!complete.has(`${stored.region}#${stored.ruleId}`)) continue;
      // An event may have created it after the sweep listed resources: leave it to the next sweep.
      if (options.sweepStartedAt && stored.lastEvaluatedAt > options.sweepStartedAt) continue;
      missing.push({
        ruleId: stored.ruleId,
        resourceId: stored.resourceId,
        resourceName: stored.resourceName,
        resourceType: stored.resourceType,
        accountId: stored.accountId,
        region: stored.region,
        status: 'RESOLVED',
        severity: stored.severity,
        reason: `${stored.resourceName} is no longer listed`,
        evidence: {},
        evaluatedAt,
      });
    }
    return missing;
  }

  /** Decide and write, re-reading and re-deciding when another writer got there first. */
  private async apply(
    finding: Finding,
    initial: StoredFinding | undefined,
    suppression: Suppression | undefined,
    options: RecordOptions,
    result: RecordResult,
  ): Promise<void> {
    let current = initial;
    const policy = options.regionBaselined ? { ...options.policy, baselined: options.regionBaselined(finding.region) } : options.policy;
    for (let attempt = 0; attempt <= MAX_CONFLICT_RETRIES; attempt += 1) {
      const decision: Decision = decide({ current, finding, suppression, policy, mode: options.mode });
      if (!decision.write) {
        if (current) result.settled.push(current);
        return;
      }
      try {
        await this.put(decision.next, current);
        result.settled.push(decision.next);
        result.writes += 1;
        if (decision.changed) result.transitions.push({ finding: decision.next, from: current?.status ?? null });
        if (decision.alert) result.alerts += 1;
        return;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) {
          throw new StoreError(`could not write finding ${finding.ruleId} ${finding.resourceId}: ${errorCode(error)}`, { cause: error });
        }
        result.conflicts += 1;
        current = await this.get(finding.ruleId, finding.resourceId);
      }
    }
    throw new StoreConflictError(findingPk(finding.ruleId, finding.resourceId));
  }

  private async put(next: StoredFinding, current: StoredFinding | undefined): Promise<void> {
    const item = toItem(next);
    const expectedVersion = current?.version;
    // Keep an in-flight publisher's claim while the same alert is still the pending one.
    const claim = (current as Item | undefined)?.alertClaimedUntil;
    if (claim && next.alert && next.alert.version === current?.alert?.version) item.alertClaimedUntil = claim;
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: item,
        ConditionExpression: expectedVersion === undefined ? 'attribute_not_exists(pk)' : '#version = :version',
        ExpressionAttributeNames: expectedVersion === undefined ? undefined : { '#version': 'version' },
        ExpressionAttributeValues: expectedVersion === undefined ? undefined : { ':version': expectedVersion },
      }),
    );
  }

  /** Current findings with a status, optionally of one account (all pages). */
  async findingsByStatus(status: StoredFinding['status'], accountId?: string): Promise<StoredFinding[]> {
    return this.queryAll({
      TableName: this.tableName,
      IndexName: INDEX.byStatus,
      KeyConditionExpression: 'statusKey = :status',
      FilterExpression: accountId ? 'accountId = :account' : undefined,
      ExpressionAttributeValues: accountId ? { ':status': status, ':account': accountId } : { ':status': status },
    });
  }

  // --- outbox -------------------------------------------------------------------------------------

  /** Findings with an alert decided but not yet published, oldest first. */
  async pendingAlerts(): Promise<StoredFinding[]> {
    return this.queryAll({
      TableName: this.tableName,
      IndexName: INDEX.outbox,
      KeyConditionExpression: 'outboxKey = :pending',
      ExpressionAttributeValues: { ':pending': OUTBOX_KEY },
    });
  }

  /**
   * Claims a pending alert for publishing until `until`. Only one invocation wins a claim, so two
   * concurrent drains never publish the same transition. Bumps the version so a concurrent record()
   * re-reads and keeps the claim.
   */
  async claimAlert(finding: StoredFinding, alert: PendingAlert, now: Date, until: Date): Promise<boolean> {
    return this.conditionalUpdate({
      Key: { pk: findingPk(finding.ruleId, finding.resourceId), sk: FINDING_SK },
      UpdateExpression: 'SET alertClaimedUntil = :until ADD #version :one',
      ConditionExpression: '#alert.#v = :alertVersion AND (attribute_not_exists(alertClaimedUntil) OR alertClaimedUntil < :now)',
      ExpressionAttributeNames: { '#alert': 'alert', '#v': 'version', '#version': 'version' },
      ExpressionAttributeValues: { ':until': until.toISOString(), ':now': now.toISOString(), ':alertVersion': alert.version, ':one': 1 },
    });
  }

  /** The alert was published: take it out of the outbox (only if it is still the same alert). */
  async completeAlert(finding: StoredFinding, alert: PendingAlert): Promise<boolean> {
    return this.conditionalUpdate({
      Key: { pk: findingPk(finding.ruleId, finding.resourceId), sk: FINDING_SK },
      UpdateExpression: 'REMOVE #alert, outboxKey, outboxSort, alertClaimedUntil SET lastAlertedVersion = :alertVersion ADD #version :one',
      ConditionExpression: '#alert.#v = :alertVersion',
      ExpressionAttributeNames: { '#alert': 'alert', '#v': 'version', '#version': 'version' },
      ExpressionAttributeValues: { ':alertVersion': alert.version, ':one': 1 },
    });
  }

  /** Publishing failed: release the claim so the next invocation retries at once. */
  async releaseAlert(finding: StoredFinding, alert: PendingAlert): Promise<boolean> {
    return this.conditionalUpdate({
      Key: { pk: findingPk(finding.ruleId, finding.resourceId), sk: FINDING_SK },
      UpdateExpression: 'REMOVE alertClaimedUntil ADD #version :one',
      ConditionExpression: '#alert.#v = :alertVersion',
      ExpressionAttributeNames: { '#alert': 'alert', '#v': 'version', '#version': 'version' },
      ExpressionAttributeValues: { ':alertVersion': alert.version, ':one': 1 },
    });
  }

  /**
   * SNS refused this alert for good, even shortened: take it out of the outbox so it cannot block the
   * others, and keep on the finding what was lost and why (the caller logs it and counts a metric).
   */
  async abandonAlert(finding: StoredFinding, alert: PendingAlert, reason: string, at: Date): Promise<boolean> {
    return this.conditionalUpdate({
      Key: { pk: findingPk(finding.ruleId, finding.resourceId), sk: FINDING_SK },
      UpdateExpression:
        'REMOVE #alert, outboxKey, outboxSort, alertClaimedUntil SET lastAlertedVersion = :alertVersion, undeliverableAlert = :lost ADD #version :one',
      ConditionExpression: '#alert.#v = :alertVersion',
      ExpressionAttributeNames: { '#alert': 'alert', '#v': 'version', '#version': 'version' },
      ExpressionAttributeValues: { ':alertVersion': alert.version, ':one': 1, ':lost': { ...alert, reason, at: at.toISOString() } },
    });
  }

  // --- account, sweeps, suppressions ---------------------------------------------------------------

  async getAccount(accountId: string): Promise<AccountMeta | undefined> {
    return this.accounts.get(accountId);
  }

  /** Marks regions of an account baselined with nothing to announce (accounts seeded by hand, tests). */
  async markBaselined(accountId: string, at: Date, regions: readonly string[]): Promise<void> {
    await this.accounts.markBaselined(accountId, regions, at);
  }

  /** One write per (account, region) sweep: when each fully listed rule was last evaluated. */
  async recordSweep(accountId: string, region: string, ruleIds: readonly string[], at: Date): Promise<void> {
    if (ruleIds.length === 0) return;
    const names: Record<string, string> = {};
    const sets = ruleIds.map((id, i) => {
      names[`#r${i}`] = `rule:${id}`;
      return `#r${i} = :at`;
    });
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: sweepPk(accountId, region), sk: 'LAST' },
        UpdateExpression: `SET completedAt = :at, ${sets.join(', ')}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: { ':at': at.toISOString() },
      }),
    );
  }

  /** When each rule was last fully swept in an account and region. */
  async lastSweep(accountId: string, region: string): Promise<Record<string, string>> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: { pk: sweepPk(accountId, region), sk: 'LAST' } }));
    const times: Record<string, string> = {};
    for (const [key, value] of Object.entries(out.Item ?? {})) {
      if (key.startsWith('rule:') && typeof value === 'string') times[key.slice(5)] = value;
    }
    return times;
  }

  async listSuppressions(): Promise<Suppression[]> {
    const items = await this.queryRaw({
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': SUPPRESSION_PK },
    });
    return items.map((item) => ({
      ruleId: String(item.ruleId),
      resourcePattern: String(item.resourcePattern),
      reason: String(item.reason),
      expiresAt: typeof item.expiresAtIso === 'string' ? item.expiresAtIso : undefined,
      createdAt: typeof item.createdAt === 'string' ? item.createdAt : undefined,
    }));
  }

  async putSuppression(suppression: Suppression): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          pk: SUPPRESSION_PK,
          sk: `${suppression.ruleId}#${suppression.resourcePattern}`,
          ruleId: suppression.ruleId,
          resourcePattern: suppression.resourcePattern,
          reason: suppression.reason,
          expiresAtIso: suppression.expiresAt,
          createdAt: suppression.createdAt ?? new Date().toISOString(),
        },
      }),
    );
  }

  // --- plumbing -----------------------------------------------------------------------------------

  private async conditionalUpdate(input: Omit<ConstructorParameters<typeof UpdateCommand>[0], 'TableName'>): Promise<boolean> {
    try {
      await this.doc.send(new UpdateCommand({ TableName: this.tableName, ...input }));
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  private async queryAll(input: QueryCommandInput): Promise<StoredFinding[]> {
    return (await this.queryRaw(input)).map((item) => fromItem(item as Item));
  }

  private async queryRaw(input: QueryCommandInput): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
      items.push(...((out.Items ?? []) as Record<string, unknown>[]));
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  }
}

/** The item a finding is stored as, with the keys of every index it belongs to. */
export function toItem(finding: StoredFinding): Item {
  const pk = findingPk(finding.ruleId, finding.resourceId);
  const item: Item = {
    ...finding,
    pk,
    sk: FINDING_SK,
    statusKey: finding.status,
    ruleKey: finding.ruleId,
    allKey: ALL_KEY,
    changedSort: `${finding.lastChangedAt}#${pk}`,
    scopeKey: scopeKey(finding.accountId, finding.region, finding.ruleId),
    scopeSort: finding.resourceId,
  };
  if (finding.alert) {
    item.outboxKey = OUTBOX_KEY;
    item.outboxSort = `${finding.alert.createdAt}#${pk}`;
  }
  return item;
}

const KEY_ATTRIBUTES = ['pk', 'sk', 'statusKey', 'ruleKey', 'allKey', 'changedSort', 'scopeKey', 'scopeSort', 'outboxKey', 'outboxSort'];

export function fromItem(item: Item): StoredFinding {
  const finding = { ...item } as Record<string, unknown>;
  for (const key of KEY_ATTRIBUTES) delete finding[key];
  return finding as unknown as StoredFinding;
}
