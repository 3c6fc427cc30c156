/** The demo's sample account: its Rds resources, compliant and not. Sample data, never a real account. */
import type { MemoryAccount } from '../../../shared/memory-account/index.js';

export function applyRdsSample(_account: MemoryAccount): void {}
