/**
 * Keeping active findings alive in Security Hub, which deletes a finding 90 days after its last update.
 * Changes are exported when they happen; a finding that stays as it is (a FAIL nobody fixes) is
 * re-imported every REFRESH_PERIOD_MS with `UpdatedAt` moved forward, long before those 90 days.
 *
 * Spread evenly, with no state per finding: each finding has a fixed phase in the period (a hash of its
 * Security Hub Id), and its refresh instants are phase + k × period. `UpdatedAt` is the later of its
 * last status change and its latest refresh instant, so it never goes back. A sweep re-imports the
 * findings of each fully listed (rule, region) whose latest instant passed since that pair was last
 * refreshed (a mark on the sweep's coverage item): each finding once per period, about N × interval /
 * period findings per sweep. A pair whose listing failed is not refreshed and keeps its mark, so the
 * next sweep that lists it catches up; a refresh Security Hub did not take keeps the mark too.
 *
 * | item                  | pk                        | sk   | attribute               |
 * |-----------------------|---------------------------|------|-------------------------|
 * | sweep coverage        | SWEEP#<account>#<region>  | LAST | refreshed:<ruleId> (ISO) |
 */
import { createHash } from 'node:crypto';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { CoverageEntry } from '#shared/engine/engine.js';
import type { FindingsStore } from '#shared/store/findings-store.js';
import { sweepPk } from '#shared/store/keys.js';
import type { StoredFinding } from '#shared/store/transitions.js';
import { findingUid } from './finding-id.js';

/** Weekly: thirteen refreshes fit in Security Hub's 90 days, so a dozen missed ones still lose nothing. */
export const REFRESH_PERIOD_MS = 7 * 86_400_000;

const MARK_PREFIX = 'refreshed:';

/** Phases already computed (a container sweeps the same findings every hour); bounded, cleared when full. */
const phases = new Map<string, number>();
const PHASES_MAX = 100_000;

/** Where in the period a finding's refreshes fall (ms), from its Security Hub Id: stable, evenly spread. */
export function refreshPhase(finding: Pick<StoredFinding, 'ruleId' | 'resourceId'>, period = REFRESH_PERIOD_MS): number {
  const uid = findingUid(finding.ruleId, finding.resourceId);
  let hash = phases.get(uid);
  if (hash === undefined) {
    if (phases.size >= PHASES_MAX) phases.clear();
    hash = createHash('sha256').update(uid).digest().readUIntBE(0, 6);
    phases.set(uid, hash);
  }
  return hash % period;
}

/** The finding's latest refresh instant at or before `now` (epoch ms). */
export function latestRefreshAt(finding: Pick<StoredFinding, 'ruleId' | 'resourceId'>, now: number, period = REFRESH_PERIOD_MS): number {
  const phase = refreshPhase(finding, period);
  return now - ((((now - phase) % period) + period) % period);
}

/** ASFF `UpdatedAt`: the later of the last status change and the latest refresh instant; never goes back. */
export function updatedAtOf(finding: Pick<StoredFinding, 'ruleId' | 'resourceId' | 'lastChangedAt'>, now: Date, period = REFRESH_PERIOD_MS): string {
  const changed = Date.parse(finding.lastChangedAt);
  const refreshed = latestRefreshAt(finding, now.getTime(), period);
  return new Date(Math.max(changed, refreshed)).toISOString();
}

/** Per (region, rule): when its findings were last refreshed (ISO), for one account. */
export type RefreshMarks = Map<string, Map<string, string>>;

export interface RefreshMarkStore {
  read(accountId: string, regions: readonly string[]): Promise<RefreshMarks>;
  /** Records that these rules of a region were refreshed through `at`. */
  advance(accountId: string, region: string, ruleIds: readonly string[], at: Date): Promise<void>;
}

export interface RefreshInput {
  /** The account whose findings these are (only the calling account's are exported). */
  accountId: string;
  /** The (rule, region) pairs the sweep listed completely: only their findings are all in `findings`. */
  complete: readonly CoverageEntry[];
  /** Every finding of the sweep as the store now has it. */
  findings: readonly StoredFinding[];
}

export interface RefreshPlan {
  /** Findings to re-import now. */
  due: StoredFinding[];
  /** Per region, the rules whose mark moves to `now` once their due findings are imported. */
  scopes: Map<string, string[]>;
}

/** Which findings a sweep refreshes: active ones of complete pairs whose refresh instant passed since the pair's mark. */
export function planRefresh(input: RefreshInput, marks: RefreshMarks, now: Date, period = REFRESH_PERIOD_MS): RefreshPlan {
  const scopes = new Map<string, string[]>();
  for (const c of input.complete) scopes.set(c.region, [...(scopes.get(c.region) ?? []), c.ruleId]);
  // Per complete (region, rule), its mark as a time; a pair never refreshed starts now (its findings
  // were exported when they changed), so it has none and nothing of it is due.
  const markOf = new Map<string, number>();
  for (const [region, rules] of scopes) {
    for (const rule of rules) {
      const mark = marks.get(region)?.get(rule);
      if (mark !== undefined) markOf.set(`${region}#${rule}`, Date.parse(mark));
    }
  }
  const due = input.findings.filter((f) => {
    if (f.accountId !== input.accountId || f.status === 'RESOLVED') return false;
    const mark = markOf.get(`${f.region}#${f.ruleId}`);
    if (mark === undefined) return false;
    const instant = latestRefreshAt(f, now.getTime(), period);
    return instant > mark && instant > Date.parse(f.lastChangedAt);
  });
  return { due, scopes };
}

/** The marks on the sweep coverage items of the findings table. */
export function dynamoRefreshMarks(store: FindingsStore): RefreshMarkStore {
  const { doc, tableName } = store;
  return {
    async read(accountId, regions) {
      const marks: RefreshMarks = new Map();
      await Promise.all(
        regions.map(async (region) => {
          const out = await doc.send(new GetCommand({ TableName: tableName, Key: { pk: sweepPk(accountId, region), sk: 'LAST' }, ConsistentRead: true }));
          const rules = new Map<string, string>();
          for (const [key, value] of Object.entries(out.Item ?? {})) {
            if (key.startsWith(MARK_PREFIX) && typeof value === 'string') rules.set(key.slice(MARK_PREFIX.length), value);
          }
          marks.set(region, rules);
        }),
      );
      return marks;
    },
    async advance(accountId, region, ruleIds, at) {
      if (ruleIds.length === 0) return;
      const names: Record<string, string> = {};
      const sets = ruleIds.map((id, i) => {
        names[`#m${i}`] = `${MARK_PREFIX}${id}`;
        return `#m${i} = :at`;
      });
      await doc.send(
        new UpdateCommand({
          TableName: tableName,
          Key: { pk: sweepPk(accountId, region), sk: 'LAST' },
          UpdateExpression: `SET ${sets.join(', ')}`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: { ':at': at.toISOString() },
        }),
      );
    },
  };
}
