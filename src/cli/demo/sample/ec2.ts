/** The demo's sample account: its Ec2 resources, compliant and not. Sample data, never a real account. */
import type { MemoryAccount } from '../../../shared/memory-account/index.js';

export function applyEc2Sample(_account: MemoryAccount): void {}
