/** The demo's sample account: its Acm resources, compliant and not. Sample data, never a real account. */
import type { MemoryAccount } from '../../../shared/memory-account/index.js';

export function applyAcmSample(_account: MemoryAccount): void {}
