/**
 * The read bound of GET /findings: however large the store and however rare the matches, one request
 * reads a bounded number of index items in a bounded number of Query calls, and the cursors it returns
 * resume the scan without a gap or a repeat. Counted on the wire (every Query the store sends, with its
 * ScannedCount and ConsumedCapacity), so the bound cannot silently grow back.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RULES } from '../../../src/rules/index.js';
import type { Finding } from '#shared/core/model.js';
import { FindingsStore } from '#shared/store/findings-store.js';
import { type FindingFilter, MAX_QUERY_CALLS, queryFindings, READ_BUDGET_ITEMS, summaryFindings } from '#shared/store/findings-query.js';
import { type QueryTally, tallyQueries } from '../../../bench/dynamo.js';
import { writeFirstSeen } from '../../../bench/seed-findings.js';
import { syntheticFindings } from '../../helpers/api.js';
import { type LocalDynamo, startDynalite } from '../../helpers/dynalite.js';

const SECRET = 'findings-query-test-secret';
/** More than two read budgets of findings, so a request that matches nothing cannot read them all. */
const STORE_SIZE = 2_600;

let dynamo: LocalDynamo;
let store: FindingsStore;
const findings = syntheticFindings(STORE_SIZE);
/** A few findings in a region nothing else uses, spread through the store (the rare match). */
const RARE = new Set([17, 900, 1_900, 2_450]);
for (const i of RARE) Object.assign(findings[i]!, { region: 'ap-south-2', resourceId: `${findings[i]!.resourceId}-rare` });
/** Clustered matches: the 99 newest findings, then ten more far behind them (a guess from the first read goes wrong). */
const CLUSTERED = [...Array.from({ length: 99 }, (_, k) => STORE_SIZE - 1 - k), ...Array.from({ length: 10 }, (_, k) => 2_000 + k)];
for (const i of CLUSTERED) Object.assign(findings[i]!, { region: 'sa-east-1', resourceId: `${findings[i]!.resourceId}-clustered` });

/** What one request sent: Query calls, index items read, read units consumed. */
let wire: QueryTally;

beforeAll(async () => {
  dynamo = await startDynalite();
  const table = await dynamo.createTable();
  await writeFirstSeen(new FindingsStore(dynamo.client, table), findings);
  // A client of its own that counts every Query and asks DynamoDB what each one consumed.
  const counted = new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'eu-west-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  wire = tallyQueries(counted);
  store = new FindingsStore(counted, table);
}, 120_000);
beforeEach(() => wire.reset());
afterAll(async () => {
  await dynamo.stop();
});

/** Every page of a query, with what each request cost on the wire. */
async function allPages(filter: FindingFilter, limit: number) {
  const pages: Array<{ items: number; queries: number; scanned: number; readUnits: number }> = [];
  const seen: string[] = [];
  let cursor: string | undefined;
  do {
    wire.reset();
    const page = await queryFindings(store, filter, { limit, cursor, secret: SECRET });
    pages.push({ items: page.items.length, queries: wire.queries, scanned: wire.scanned, readUnits: wire.readUnits });
    seen.push(...page.items.map((f) => f.resourceId));
    cursor = page.nextCursor ?? undefined;
    expect(pages.length, 'pages').toBeLessThan(200);
  } while (cursor);
  return { pages, seen };
}

const expected = (filter: FindingFilter) =>
  findings
    .filter((f: Finding) => Object.entries(filter).every(([k, v]) => (f as unknown as Record<string, unknown>)[k] === v))
    .map((f) => f.resourceId)
    .sort();

/** The largest item of the store, in read units of 4 KB (what a read of one item can cost at most). */
const MAX_ITEM_KB = 2;

describe('GET /findings read bound', () => {
  it('a request that matches nothing (limit=1, unused region) stops at the read budget and returns a cursor', async () => {
    // Act
    const page = await queryFindings(store, { region: 'me-central-1' }, { limit: 1, secret: SECRET });
    // Assess
    expect(page.items).toEqual([]);
    expect(page.nextCursor).toEqual(expect.any(String));
    expect(wire.queries).toBeLessThanOrEqual(MAX_QUERY_CALLS);
    expect(wire.scanned).toBeLessThanOrEqual(READ_BUDGET_ITEMS);
    // Index reads are eventually consistent: half a unit per 4 KB.
    expect(wire.readUnits).toBeLessThanOrEqual((READ_BUDGET_ITEMS * MAX_ITEM_KB) / 4 / 2);
  });

  it('following its cursors to the end visits the whole index, each request within the budget', async () => {
    const { pages, seen } = await allPages({ region: 'me-central-1' }, 1);
    expect(seen).toEqual([]);
    expect(pages.length).toBe(Math.ceil(STORE_SIZE / READ_BUDGET_ITEMS));
    expect(pages.reduce((n, p) => n + p.scanned, 0)).toBe(STORE_SIZE);
    for (const p of pages) expect(p.queries).toBeLessThanOrEqual(MAX_QUERY_CALLS);
  });

  it('rare matches come back across short pages, none skipped or repeated', async () => {
    const { pages, seen } = await allPages({ region: 'ap-south-2' }, 2);
    expect(seen.sort()).toEqual(expected({ region: 'ap-south-2' }));
    expect(seen).toHaveLength(RARE.size);
    for (const p of pages) {
      expect(p.scanned).toBeLessThanOrEqual(READ_BUDGET_ITEMS);
      expect(p.items).toBeLessThanOrEqual(2);
    }
  });

  it('a page is not cut short while budget is left, even when the first matches mislead the next read', async () => {
    const page = await queryFindings(store, { region: 'sa-east-1' }, { limit: 100, secret: SECRET });
    expect(page.items).toHaveLength(100);
    expect(wire.queries).toBeLessThanOrEqual(MAX_QUERY_CALLS);
    expect(wire.scanned).toBeLessThanOrEqual(READ_BUDGET_ITEMS);
  });

  it('a filter served by a key condition alone reads exactly the page', async () => {
    for (const filter of [{}, { status: 'FAIL' }, { ruleId: RULES[0]!.id }] as FindingFilter[]) {
      wire.reset();
      const page = await queryFindings(store, filter, { limit: 25, secret: SECRET });
      expect(page.items, JSON.stringify(filter)).toHaveLength(25);
      expect({ queries: wire.queries, scanned: wire.scanned }, JSON.stringify(filter)).toEqual({ queries: 1, scanned: 25 });
    }
  });

  const rule = RULES[0]!;
  const combinations = (() => {
    const parts: Array<[keyof FindingFilter, string]> = [
      ['status', 'FAIL'],
      ['severity', rule.severity],
      ['ruleId', rule.id],
      ['resourceType', rule.resourceType],
      ['region', 'eu-west-1'],
    ];
    return Array.from({ length: 2 ** parts.length }, (_, mask) => Object.fromEntries(parts.filter((_, bit) => mask & (1 << bit))) as FindingFilter);
  })();

  it.each(combinations.flatMap((c) => [30, 100].map((limit) => [JSON.stringify(c), limit, c] as const)))(
    '%s, limit %i: every page within the budget, short only when the budget is spent, all matches exactly once',
    async (_name, limit, filter) => {
      const { pages, seen } = await allPages(filter, limit);
      expect(seen.sort()).toEqual(expected(filter));
      pages.forEach((p, i) => {
        expect(p.queries).toBeLessThanOrEqual(MAX_QUERY_CALLS);
        expect(p.scanned).toBeLessThanOrEqual(READ_BUDGET_ITEMS);
        expect(p.readUnits).toBeLessThanOrEqual((READ_BUDGET_ITEMS * MAX_ITEM_KB) / 4 / 2);
        // A short page before the last one means the budget is spent, not that the estimate gave up early.
        if (i < pages.length - 1 && p.items < limit) expect(p.scanned, `page ${i} of ${pages.length}`).toBe(READ_BUDGET_ITEMS);
      });
    },
    60_000,
  );
});

describe('GET /summary read cost', () => {
  it('counts every finding from a slim index: a fraction of the read units of reading the findings themselves', async () => {
    // What reading every finding through a full index costs: the yardstick.
    const full = (await allPages({}, 100)).pages.reduce((sum, p) => sum + p.readUnits, 0);
    wire.reset();

    const counted = await summaryFindings(store);

    expect(counted).toHaveLength(STORE_SIZE);
    const byStatus = (list: ReadonlyArray<{ status: string }>) =>
      list.reduce<Record<string, number>>((acc, f) => {
        acc[f.status] = (acc[f.status] ?? 0) + 1;
        return acc;
      }, {});
    expect(byStatus(counted)).toEqual(byStatus(findings));
    console.log(`[summary] ${STORE_SIZE} findings: ${wire.readUnits} read units in ${wire.queries} calls (full index: ${full})`);
    // An index item of `summary` is the four keys and three short attributes, ~300 bytes whatever the
    // finding's history and evidence weigh: at most 40 units (eventually consistent, ½ per 4 KB) per 1,000.
    expect(wire.readUnits).toBeLessThanOrEqual((40 * STORE_SIZE) / 1_000);
    expect(wire.readUnits).toBeLessThan(full / 3);
  });
});
