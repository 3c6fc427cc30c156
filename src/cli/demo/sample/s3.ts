/** The demo's sample account: its S3 resources, compliant and not. Sample data, never a real account. */
import type { MemoryAccount } from '../../../shared/memory-account/index.js';

export function applyS3Sample(_account: MemoryAccount): void {}
