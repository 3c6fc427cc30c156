/** Wafv2 of an in-memory account: answers the Wafv2Api from plain data, as Wafv2 would. */
import type { Wafv2Api } from '../aws/wafv2-reader.js';
import type { MemoryCall } from './support.js';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface MemoryWafv2State {}

export function emptyWafv2State(): MemoryWafv2State {
  return {};
}

export function memoryWafv2Api(_state: MemoryWafv2State, _region: string, _accountId: string, _call: MemoryCall): Wafv2Api {
  return {};
}
