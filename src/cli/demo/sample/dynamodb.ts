/** The demo's sample account: its DynamoDB tables, compliant and not. Sample data, never a real account. */
import { ensureRegion, type MemoryAccount } from '../memory-account/index.js';

/**
 * eu-west-1 holds two tables (seed 003 "Point-in-time recovery enabled"):
 * - `sessions`, with point-in-time recovery over the full 35 days;
 * - `events-raw`, the raw analytics events, created without it.
 */
export function applyDynamoDbSample(account: MemoryAccount): void {
  const { dynamodb } = ensureRegion(account, 'eu-west-1');
  dynamodb.tables.push(
    { name: 'sessions', pitr: true, recoveryPeriodInDays: 35, createdAt: '2025-11-03T10:12:00Z' },
    { name: 'events-raw', pitr: false, createdAt: '2026-01-19T15:40:00Z' },
  );
}
