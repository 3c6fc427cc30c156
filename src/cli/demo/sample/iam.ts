/** The demo's sample account: its Iam resources, compliant and not. Sample data, never a real account. */
import type { MemoryAccount } from '../../../shared/memory-account/index.js';

export function applyIamSample(_account: MemoryAccount): void {}
