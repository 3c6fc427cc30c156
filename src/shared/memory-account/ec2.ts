/** Ec2 of an in-memory account: answers the Ec2Api from plain data, as Ec2 would. */
import type { Ec2Api } from '../aws/ec2-reader.js';
import type { MemoryCall } from './support.js';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface MemoryEc2State {}

export function emptyEc2State(): MemoryEc2State {
  return {};
}

export function memoryEc2Api(_state: MemoryEc2State, _region: string, _accountId: string, _call: MemoryCall): Ec2Api {
  return {};
}
