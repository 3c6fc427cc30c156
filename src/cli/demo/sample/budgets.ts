/** The demo's sample account: its Budgets resources, compliant and not. Sample data, never a real account. */
import type { MemoryAccount } from '../../../shared/memory-account/index.js';

export function applyBudgetsSample(_account: MemoryAccount): void {}
