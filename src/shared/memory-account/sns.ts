/** Sns of an in-memory account: answers the SnsApi from plain data, as Sns would. */
import type { SnsApi } from '../aws/sns-reader.js';
import type { MemoryCall } from './support.js';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface MemorySnsState {}

export function emptySnsState(): MemorySnsState {
  return {};
}

export function memorySnsApi(_state: MemorySnsState, _region: string, _accountId: string, _call: MemoryCall): SnsApi {
  return {};
}
