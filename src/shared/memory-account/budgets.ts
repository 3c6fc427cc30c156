/** Budgets of an in-memory account: answers the BudgetsApi from plain data, as Budgets would. */
import type { BudgetsApi } from '../aws/budgets-reader.js';
import type { MemoryCall } from './support.js';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface MemoryBudgetsState {}

export function emptyBudgetsState(): MemoryBudgetsState {
  return {};
}

export function memoryBudgetsApi(_state: MemoryBudgetsState, _region: string, _accountId: string, _call: MemoryCall): BudgetsApi {
  return {};
}
