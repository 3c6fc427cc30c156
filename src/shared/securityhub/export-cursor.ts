/**
 * Where the Security Hub export stands, kept in the findings table: one item holding a time `T` such
 * that every finding whose last status change is after `T` may not be in Security Hub yet. Each export
 * re-sends what changed since `T` (ASFF imports are idempotent per Id + UpdatedAt), then moves `T`
 * forward on success, or back to the oldest change that failed. Cost grows with changes, not resources.
 *
 * | item          | pk                  | sk     |
 * |---------------|---------------------|--------|
 * | export cursor | EXPORT#securityhub  | CURSOR |
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type FindingsStore, fromItem } from '#shared/store/findings-store.js';
import { ALL_KEY, INDEX } from '#shared/store/keys.js';
import type { StoredFinding } from '#shared/store/transitions.js';

export const EXPORT_CURSOR_KEY = { pk: 'EXPORT#securityhub', sk: 'CURSOR' } as const;

export interface ExportCursorStore {
  /** The cursor, or undefined before the first export (then everything is exported once). */
  read(): Promise<string | undefined>;
  /** Moves the cursor forward to `to`, only if it is still `from` (a concurrent failure wins). */
  advance(from: string | undefined, to: string): Promise<boolean>;
  /** Moves the cursor back to `to` (never forward): the failed findings are re-sent next time. False if it already was at or before `to`. */
  rewind(to: string): Promise<boolean>;
  /** Findings whose last status change is after `since` (all findings when undefined), all pages. */
  changedSince(since: string | undefined): Promise<StoredFinding[]>;
}

/** The cursor on the findings table, read through the byChange index. */
export function dynamoExportCursor(store: FindingsStore): ExportCursorStore {
  const { doc, tableName } = store;
  return {
    async read() {
      const out = await doc.send(new GetCommand({ TableName: tableName, Key: EXPORT_CURSOR_KEY, ConsistentRead: true }));
      return typeof out.Item?.cursor === 'string' ? out.Item.cursor : undefined;
    },
    async advance(from, to) {
      try {
        await doc.send(
          new PutCommand({
            TableName: tableName,
            Item: { ...EXPORT_CURSOR_KEY, cursor: to },
            ConditionExpression: from === undefined ? 'attribute_not_exists(pk)' : '#cursor = :from AND #cursor < :to',
            ExpressionAttributeNames: from === undefined ? undefined : { '#cursor': 'cursor' },
            ExpressionAttributeValues: from === undefined ? undefined : { ':from': from, ':to': to },
          }),
        );
        return true;
      } catch (error) {
        // Someone moved the cursor since we read it (maybe back, after a failure): theirs stands.
        if (error instanceof ConditionalCheckFailedException) return false;
        throw error;
      }
    },
    async rewind(to) {
      try {
        await doc.send(
          new PutCommand({
            TableName: tableName,
            Item: { ...EXPORT_CURSOR_KEY, cursor: to },
            // CURSOR is a DynamoDB reserved word: always through #cursor.
            ConditionExpression: 'attribute_not_exists(pk) OR #cursor > :to',
            ExpressionAttributeNames: { '#cursor': 'cursor' },
            ExpressionAttributeValues: { ':to': to },
          }),
        );
        return true;
      } catch (error) {
        // Already at or before `to`: those findings are re-sent anyway.
        if (error instanceof ConditionalCheckFailedException) return false;
        throw error;
      }
    },
    async changedSince(since) {
      const findings: StoredFinding[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const out = await doc.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: INDEX.byChange,
            KeyConditionExpression: since === undefined ? 'allKey = :all' : 'allKey = :all AND changedSort > :since',
            ExpressionAttributeValues: since === undefined ? { ':all': ALL_KEY } : { ':all': ALL_KEY, ':since': since },
            ExclusiveStartKey: start,
          }),
        );
        for (const item of out.Items ?? []) findings.push(fromItem(item as Parameters<typeof fromItem>[0]));
        start = out.LastEvaluatedKey;
      } while (start);
      return findings;
    },
  };
}
