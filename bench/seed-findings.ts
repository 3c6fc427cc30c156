/**
 * Fills a findings table fast: each finding written as the store writes it on first sight (the same
 * decision, the same item and index attributes), 25 per BatchWriteItem, a few batches in flight. For
 * stores of thousands to 100,000 findings, where recording them one conditional write at a time would
 * take minutes to hours. Used by `npm run bench:api` and by the query tests.
 */
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Finding, Suppression } from '#shared/core/model.js';
import { type FindingsStore, toItem } from '#shared/store/findings-store.js';
import { DEFAULT_POLICY, decide, type StoredFinding } from '#shared/store/transitions.js';

const BATCH = 25;
const POLICY = { ...DEFAULT_POLICY, baselined: false };

/** A finding as stored after its first evaluation; a RESOLVED one was first seen PASS a second earlier. */
function firstSeen(finding: Finding & { suppression?: Suppression }): StoredFinding {
  let current: StoredFinding | undefined;
  if (finding.status === 'RESOLVED') {
    const before = new Date(Date.parse(finding.evaluatedAt) - 1_000).toISOString();
    current = firstSeen({ ...finding, status: 'PASS', evaluatedAt: before });
  }
  const decision = decide({ current, finding, suppression: finding.suppression, policy: POLICY, mode: 'event' });
  if (!decision.write) throw new Error(`${finding.resourceId}: nothing to write for ${finding.status} (${decision.why})`);
  return decision.next;
}

/** `findings` may carry the suppression that applies to them: they are then stored SUPPRESSED. */
export async function writeFirstSeen(store: FindingsStore, findings: ReadonlyArray<Finding & { suppression?: Suppression }>, inFlight = 4): Promise<void> {
  const writeBatch = async (from: number) => {
    const batch = findings.slice(from, from + BATCH).map((finding) => ({ PutRequest: { Item: toItem(firstSeen(finding)) } }));
    const out = await store.doc.send(new BatchWriteCommand({ RequestItems: { [store.tableName]: batch } }));
    if (Object.keys(out.UnprocessedItems ?? {}).length > 0) throw new Error('the local DynamoDB left items unprocessed');
  };
  let next = 0;
  const worker = async () => {
    while (next < findings.length) {
      const from = next;
      next += BATCH;
      await writeBatch(from);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
}
