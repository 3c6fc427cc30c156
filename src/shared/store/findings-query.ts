/**
 * Read side of the findings store for the API: filtered, newest-change-first, paginated listings
 * served by indexes (never a table Scan), one finding with its history, and the summary.
 */
import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { type CursorPayload, decodeCursor, encodeCursor, InvalidCursorError } from '../api/cursor.js';
import type { FindingStatus, Severity } from '../model.js';
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
  let exclusiveStart: Record<string, unknown> | undefined = startKey;
  let more = true;
  while (items.length < options.limit && more) {
    const out = await store.doc.send(new QueryCommand({ ...base, Limit: Math.max(options.limit - items.length, 10), ExclusiveStartKey: exclusiveStart }));
    items.push(...((out.Items ?? []) as Record<string, unknown>[]));
    exclusiveStart = out.LastEvaluatedKey;
    more = Boolean(out.LastEvaluatedKey);
  }

  const page = items.slice(0, options.limit);
  const last = page[page.length - 1];
  // Resume after the last item returned (not after the last item read), so nothing is skipped.
  const hasMore = items.length > options.limit || more;
  const nextCursor =
    hasMore && last
      ? encodeCursor(
          {
            i: p.index,
            q: query,
            k: { pk: String(last.pk), sk: String(last.sk), [p.keyAttribute]: p.keyValue, changedSort: String(last.changedSort) },
          },
          options.secret,
        )
      : null;
  return { items: page.map((item) => fromItem(item as never)), nextCursor };
}

/** A cursor resumes only the query it was issued for, inside that query's own index partition. */
function checkCursor(cursor: CursorPayload, p: Plan, query: string): void {
  if (cursor.i !== p.index || cursor.q !== query) throw new InvalidCursorError('cursor belongs to another query');
  const keys = Object.keys(cursor.k).sort();
  const expected = ['changedSort', 'pk', p.keyAttribute, 'sk'].sort();
  if (keys.join() !== expected.join()) throw new InvalidCursorError('cursor has unexpected keys');
  if (cursor.k[p.keyAttribute] !== p.keyValue || cursor.k.sk !== 'F' || !cursor.k.pk?.startsWith('F#')) {
    throw new InvalidCursorError('cursor points outside this query');
  }
}

/** Every current finding, projected to what the summary needs (all pages of the byChange index). */
export async function summaryFindings(store: FindingsStore): Promise<Array<Pick<StoredFinding, 'ruleId' | 'severity' | 'status' | 'region'>>> {
  const out: Array<Pick<StoredFinding, 'ruleId' | 'severity' | 'status' | 'region'>> = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await store.doc.send(
      new QueryCommand({
        TableName: store.tableName,
        IndexName: INDEX.byChange,
        KeyConditionExpression: 'allKey = :all',
        ExpressionAttributeValues: { ':all': ALL_KEY },
        ProjectionExpression: 'ruleId, severity, #status, #region',
        ExpressionAttributeNames: { '#status': 'status', '#region': 'region' },
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? []) {
      out.push({ ruleId: String(item.ruleId), severity: item.severity as Severity, status: item.status as FindingStatus, region: String(item.region) });
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return out;
}

export {};
