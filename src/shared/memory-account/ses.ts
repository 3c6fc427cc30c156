/** Ses of an in-memory account: answers the SesApi from plain data, as Ses would. */
import type { SesApi } from '../aws/ses-reader.js';
import type { MemoryCall } from './support.js';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface MemorySesState {}

export function emptySesState(): MemorySesState {
  return {};
}

export function memorySesApi(_state: MemorySesState, _region: string, _accountId: string, _call: MemoryCall): SesApi {
  return {};
}
