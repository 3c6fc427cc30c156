/** The demo's sample account: its Ses resources, compliant and not. Sample data, never a real account. */
import type { MemoryAccount } from '../../../shared/memory-account/index.js';

export function applySesSample(_account: MemoryAccount): void {}
