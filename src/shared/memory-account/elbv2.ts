/** Elbv2 of an in-memory account: answers the Elbv2Api from plain data, as Elbv2 would. */
import type { Elbv2Api } from '../aws/elbv2-reader.js';
import type { MemoryCall } from './support.js';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface MemoryElbv2State {}

export function emptyElbv2State(): MemoryElbv2State {
  return {};
}

export function memoryElbv2Api(_state: MemoryElbv2State, _region: string, _accountId: string, _call: MemoryCall): Elbv2Api {
  return {};
}
