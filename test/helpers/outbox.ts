/**
 * Fills a findings table with findings first seen FAIL after the baseline, each with its alert in the
 * outbox, as record() would leave them: the state decide() gives, stored with BatchWriteItem (25 per
 * request) so a burst of a thousand pending alerts takes seconds, not a minute of single writes.
 */
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Finding } from '#shared/core/model.js';
import { type FindingsStore, toItem } from '#shared/store/findings-store.js';
import { DEFAULT_POLICY, decide } from '#shared/store/transitions.js';

export async function seedPendingAlerts(store: FindingsStore, findings: readonly Finding[]): Promise<void> {
  const items = findings.map((finding) => {
    const decision = decide({ finding, policy: DEFAULT_POLICY, mode: 'event' });
    if (!decision.write || !decision.alert) throw new Error(`${finding.resourceId} would not alert`);
    return toItem(decision.next);
  });
  for (let i = 0; i < items.length; i += 25) {
    const batch = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
    let unprocessed: Record<string, typeof batch> | undefined = { [store.tableName]: batch };
    while (unprocessed && Object.keys(unprocessed).length > 0) {
      const out = await store.doc.send(new BatchWriteCommand({ RequestItems: unprocessed }));
      unprocessed = out.UnprocessedItems as typeof unprocessed;
    }
  }
}
