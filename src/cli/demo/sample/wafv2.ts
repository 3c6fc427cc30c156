/** The demo's sample account: its Wafv2 resources, compliant and not. Sample data, never a real account. */
import type { MemoryAccount } from '../../../shared/memory-account/index.js';

export function applyWafv2Sample(_account: MemoryAccount): void {}
