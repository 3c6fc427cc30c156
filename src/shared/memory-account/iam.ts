/** Iam of an in-memory account: answers the IamApi from plain data, as Iam would. */
import type { IamApi } from '../aws/iam-reader.js';
import type { MemoryCall } from './support.js';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface MemoryIamState {}

export function emptyIamState(): MemoryIamState {
  return {};
}

export function memoryIamApi(_state: MemoryIamState, _region: string, _accountId: string, _call: MemoryCall): IamApi {
  return {};
}
