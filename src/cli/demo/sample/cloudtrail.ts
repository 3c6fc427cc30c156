/** The demo's sample account: its CloudTrail resources, compliant and not. Sample data, never a real account. */
import type { MemoryAccount } from '../../../shared/memory-account/index.js';

export function applyCloudTrailSample(_account: MemoryAccount): void {}
