/**
 * Read side of the findings store for the API: filtered, newest-change-first, paginated listings
 * served by indexes (never a table Scan) within a fixed read budget per request, and the summary (a
 * parallel Scan of the narrow `summary` index, never of the table).
 */
import { QueryCommand, type QueryCommandInput, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { type CursorPayload, decodeCursor, encodeCursor, InvalidCursorError } from './cursor.js';
import type { FindingStatus, Severity } from '#shared/core/model.js';
import type { FindingsStore } from './findings-store.js';
import { fromItem } from './findings-store.js';
import { ALL_KEY, INDEX } from './keys.js';
import type { StoredFinding } from './transitions.js';

export interface FindingFilter {
  status?: FindingStatus;
  severity?: Severity;
  ruleId?: string;
  resourceType?: string;
  region?: string;
  accountId?: string;
}

export interface FindingPage {
  items: StoredFinding[];
  nextCursor: string | null;
}

interface Plan {
  index: string;
  keyAttribute: string;
  keyValue: string;
  filters: Array<[attribute: string, value: string]>;
}

/** The most selective index for the filters; the other filters become a FilterExpression. */
function plan(filter: FindingFilter): Plan {
  const filters: Array<[string, string]> = [];
  const add = (attribute: string, value: string | undefined) => {
    if (value !== undefined) filters.push([attribute, value]);
  };
  let chosen: Omit<Plan, 'filters'>;
  if (filter.ruleId) {
    chosen = { index: INDEX.byRule, keyAttribute: 'ruleKey', keyValue: filter.ruleId };
    add('status', filter.status);
  } else if (filter.status) {
    chosen = { index: INDEX.byStatus, keyAttribute: 'statusKey', keyValue: filter.status };
  } else {
    chosen = { index: INDEX.byChange, keyAttribute: 'allKey', keyValue: ALL_KEY };
  }
  add('severity', filter.severity);
  add('resourceType', filter.resourceType);
  add('region', filter.region);
  add('accountId', filter.accountId);
  return { ...chosen, filters };
}

function fingerprint(filter: FindingFilter): string {
  const keys = Object.keys(filter).sort() as Array<keyof FindingFilter>;
  return keys.map((k) => `${k}=${filter[k] ?? ''}`).join('&');
}

/** At most this many index items are read per request: DynamoDB's `Limit` counts items read, before the filter. */
export const READ_BUDGET_ITEMS = 1_000;
/** And at most this many Query calls, each reading at most 1 MB: large items cannot stretch a request either. */
export const MAX_QUERY_CALLS = 4;
/** With a filter, the first call reads at least this many items: a call costs a round trip. */
const FIRST_FILTERED_READ = 100;

/**
 * How many items the next Query reads. Without a filter, exactly what the page still needs. With one,
 * what the matches seen so far suggest (plus half), or the rest of the budget when nothing matched yet
 * or when this is the last call allowed.
 */
function nextRead(p: Plan, wanted: number, read: number, matched: number, lastCall: boolean): number {
  const budget = READ_BUDGET_ITEMS - read;
  if (p.filters.length === 0) return Math.min(wanted, budget);
  if (read === 0 && !lastCall) return Math.min(Math.max(wanted, FIRST_FILTERED_READ), budget);
  if (matched === 0 || lastCall) return budget;
  return Math.min(Math.max(wanted, Math.ceil(((wanted * read) / matched) * 1.5)), budget);
}

/**
 * One page of findings, newest change first. Reads stop when the page is full, the index partition
 * ends, or the read budget is spent (READ_BUDGET_ITEMS items, MAX_QUERY_CALLS calls): a filter that
 * matches rarely returns fewer than `limit` items, even none, with a `nextCursor` that resumes the
 * scan where it stopped. The cost of one request never grows with the store.
 */
export async function queryFindings(
  store: FindingsStore,
  filter: FindingFilter,
  options: { limit: number; cursor?: string; secret: string },
): Promise<FindingPage> {
  const p = plan(filter);
  const query = fingerprint(filter);
  let startKey: Record<string, string> | undefined;
  if (options.cursor) {
    const cursor = decodeCursor(options.cursor, options.secret);
    checkCursor(cursor, p, query);
    startKey = cursor.k;
  }

  const names: Record<string, string> = { '#key': p.keyAttribute };
  const values: Record<string, string> = { ':key': p.keyValue };
  const conditions = p.filters.map(([attribute, value], i) => {
    names[`#f${i}`] = attribute;
    values[`:f${i}`] = value;
    return `#f${i} = :f${i}`;
  });
  const base: QueryCommandInput = {
    TableName: store.tableName,
    IndexName: p.index,
    KeyConditionExpression: '#key = :key',
    FilterExpression: conditions.length > 0 ? conditions.join(' AND ') : undefined,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
    ScanIndexForward: false,
  };

  const items: Record<string, unknown>[] = [];
  let resumeAt: Record<string, unknown> | undefined = startKey;
  let read = 0;
  for (let calls = 0; calls < MAX_QUERY_CALLS && items.length < options.limit && read < READ_BUDGET_ITEMS; calls += 1) {
    const Limit = nextRead(p, options.limit - items.length, read, items.length, calls === MAX_QUERY_CALLS - 1);
    const out = await store.doc.send(new QueryCommand({ ...base, Limit, ExclusiveStartKey: resumeAt }));
    const page = (out.Items ?? []) as Record<string, unknown>[];
    read += out.ScannedCount ?? page.length;
    items.push(...page);
    resumeAt = out.LastEvaluatedKey;
    if (!resumeAt) break;
  }

  // More matches than the page takes: resume after the last one returned, so none is skipped. Otherwise
  // resume where the reads stopped (everything before it was read, matched or not), if anything is left.
  const pageItems = items.slice(0, options.limit);
  const resumeFrom = items.length > options.limit ? pageItems[pageItems.length - 1] : resumeAt;
  const nextCursor = resumeFrom
    ? encodeCursor(
        {
          i: p.index,
          q: query,
          k: { pk: String(resumeFrom.pk), sk: String(resumeFrom.sk), [p.keyAttribute]: p.keyValue, changedSort: String(resumeFrom.changedSort) },
        },
        options.secret,
      )
    : null;
  return { items: pageItems.map((item) => fromItem(item as never)), nextCursor };
}

/** DynamoDB's limits on key values: a partition key up to 2,048 bytes, a sort key up to 1,024. */
const MAX_PARTITION_KEY_BYTES = 2_048;
const MAX_SORT_KEY_BYTES = 1_024;
/** A finding's changedSort is its lastChangedAt (an ISO-8601 time), `#`, its pk. */
const CHANGED_AT = /^\d{4}-\d{2}-\d{2}T[\d:.]{2,20}(Z|[+-]\d{2}:?\d{2})$/;

/** Valid UTF-8 when encoded (no lone surrogate) and within `maxBytes`. */
function isKeyValue(value: string, maxBytes: number): boolean {
  const bytes = Buffer.from(value, 'utf8');
  return value.length > 0 && bytes.length <= maxBytes && bytes.toString('utf8') === value;
}

/**
 * A cursor resumes only the query it was issued for, inside that query's own index partition, at the
 * key of a finding item as the store writes it. Checked field by field after the signature, so even a
 * cursor signed with the right key cannot carry a value DynamoDB would refuse (a 500) or point elsewhere.
 */
function checkCursor(cursor: CursorPayload, p: Plan, query: string): void {
  if (cursor.i !== p.index || cursor.q !== query) throw new InvalidCursorError('cursor belongs to another query');
  const keys = Object.keys(cursor.k).sort();
  const expected = ['changedSort', 'pk', p.keyAttribute, 'sk'].sort();
  if (keys.join() !== expected.join()) throw new InvalidCursorError('cursor has unexpected keys');
  const { pk = '', sk, changedSort = '' } = cursor.k;
  const rulePrefix = p.keyAttribute === 'ruleKey' ? `F#${p.keyValue}#` : 'F#';
  if (cursor.k[p.keyAttribute] !== p.keyValue || sk !== 'F' || !pk.startsWith(rulePrefix) || pk.length <= rulePrefix.length) {
    throw new InvalidCursorError('cursor points outside this query');
  }
  const changedAt = changedSort.endsWith(`#${pk}`) ? changedSort.slice(0, -pk.length - 1) : '';
  if (!isKeyValue(pk, MAX_PARTITION_KEY_BYTES) || !isKeyValue(changedSort, MAX_SORT_KEY_BYTES) || !CHANGED_AT.test(changedAt)) {
    throw new InvalidCursorError('cursor holds a key no finding can have');
  }
}

/** Parallel segments of the summary's Scan: a 100,000-finding store is a few 1 MB pages per segment. */
export const SUMMARY_SEGMENTS = 8;

export type SummaryFinding = Pick<StoredFinding, 'ruleId' | 'severity' | 'status'>;

/**
 * Every current finding, reduced to what the summary counts. Read from the `summary` index, which holds
 * only the keys and those three attributes (a tenth of the bytes of a finding with its history and
 * evidence), in parallel segments so the time stays a few page reads however large the store.
 */
export async function summaryFindings(store: FindingsStore): Promise<SummaryFinding[]> {
  const segments = await Promise.all(
    Array.from({ length: SUMMARY_SEGMENTS }, async (_, segment) => {
      const out: SummaryFinding[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const page = await store.doc.send(
          new ScanCommand({
            TableName: store.tableName,
            IndexName: INDEX.summary,
            Segment: segment,
            TotalSegments: SUMMARY_SEGMENTS,
            ExclusiveStartKey: start,
          }),
        );
        for (const item of page.Items ?? []) {
          out.push({ ruleId: String(item.ruleId), severity: item.severity as Severity, status: item.status as FindingStatus });
        }
        start = page.LastEvaluatedKey;
      } while (start);
      return out;
    }),
  );
  return segments.flat();
}
