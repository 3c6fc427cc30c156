/** Rds of an in-memory account: answers the RdsApi from plain data, as Rds would. */
import type { RdsApi } from '../aws/rds-reader.js';
import type { MemoryCall } from './support.js';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface MemoryRdsState {}

export function emptyRdsState(): MemoryRdsState {
  return {};
}

export function memoryRdsApi(_state: MemoryRdsState, _region: string, _accountId: string, _call: MemoryCall): RdsApi {
  return {};
}
