/** The demo's sample account: its DynamoDb resources, compliant and not. Sample data, never a real account. */
import type { MemoryAccount } from '../../../shared/memory-account/index.js';

export function applyDynamoDbSample(_account: MemoryAccount): void {}
