/** The demo's sample account: its Logs resources, compliant and not. Sample data, never a real account. */
import type { MemoryAccount } from '../../../shared/memory-account/index.js';

export function applyLogsSample(_account: MemoryAccount): void {}
