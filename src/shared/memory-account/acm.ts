/** Acm of an in-memory account: answers the AcmApi from plain data, as Acm would. */
import type { AcmApi } from '../aws/acm-reader.js';
import type { MemoryCall } from './support.js';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface MemoryAcmState {}

export function emptyAcmState(): MemoryAcmState {
  return {};
}

export function memoryAcmApi(_state: MemoryAcmState, _region: string, _accountId: string, _call: MemoryCall): AcmApi {
  return {};
}
