/** The demo's sample account: its ElastiCache resources, compliant and not. Sample data, never a real account. */
import type { MemoryAccount } from '../../../shared/memory-account/index.js';

export function applyElastiCacheSample(_account: MemoryAccount): void {}
