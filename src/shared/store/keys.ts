/**
 * The single-table key design of the findings store (table.json is the one definition; serverless.yml
 * and the tests create the table from it).
 *
 * | item            | pk                         | sk      | indexes                                   |
 * |-----------------|----------------------------|---------|-------------------------------------------|
 * | finding         | F#<ruleId>#<resourceId>    | F       | byStatus, byRule, byChange, byScope, outbox |
 * | sweep coverage  | SWEEP#<accountId>#<region> | LAST    | none                                      |
 * | account         | ACCOUNT#<accountId>        | META    | none                                      |
 * | suppression     | SUPPRESSION                | <ruleId>#<pattern> | none                           |
 *
 * A finding's history lives in the item itself (state changes only, pruned after 90 days), so a
 * transition and its history entry are one atomic conditional write.
 */
import table from './table.json' with { type: 'json' };

export const TABLE_DEFINITION = table;

export const INDEX = {
  byStatus: 'byStatus',
  byRule: 'byRule',
  byChange: 'byChange',
  byScope: 'byScope',
  outbox: 'outbox',
  /** Every finding, keys and the three attributes GET /summary counts: a tenth of the bytes of byChange. */
  summary: 'summary',
} as const;

/** TTL attribute: RESOLVED findings expire this long after their resource disappeared. */
export const TTL_ATTRIBUTE = 'expiresAt';
export const RESOLVED_TTL_DAYS = 90;
export const HISTORY_RETENTION_DAYS = 90;
export const HISTORY_MAX_ENTRIES = 100;

export const FINDING_SK = 'F';
export const ALL_KEY = 'FINDING';
export const OUTBOX_KEY = 'PENDING';

export function findingPk(ruleId: string, resourceId: string): string {
  return `F#${ruleId}#${resourceId}`;
}

export function scopeKey(accountId: string, region: string, ruleId: string): string {
  return `${accountId}#${region}#${ruleId}`;
}

export function sweepPk(accountId: string, region: string): string {
  return `SWEEP#${accountId}#${region}`;
}

export function accountPk(accountId: string): string {
  return `ACCOUNT#${accountId}`;
}

export const SUPPRESSION_PK = 'SUPPRESSION';
