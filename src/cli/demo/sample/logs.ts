/** The demo's sample account: its CloudWatch Logs log groups, compliant and not. Sample data, never a real account. */
import { ensureRegion, type MemoryAccount } from '../memory-account/index.js';

/**
 * eu-west-1: the API's Lambda logs are kept 30 days and the VPC flow logs 365 (PASS); the worker's
 * ECS log group was created without a retention, so its events never expire (FAIL).
 */
export function applyLogsSample(account: MemoryAccount): void {
  const { logs } = ensureRegion(account, 'eu-west-1');
  logs.logGroups.push(
    { name: '/aws/lambda/retainwise-api', retentionInDays: 30, storedBytes: 734_003_200 },
    { name: '/aws/ecs/retainwise-worker', storedBytes: 21_474_836_480 },
    { name: '/vpc/flow-logs/retainwise-prod', retentionInDays: 365, storedBytes: 5_368_709_120 },
  );
}
