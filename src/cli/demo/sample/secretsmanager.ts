/** The demo's sample account: its SecretsManager resources, compliant and not. Sample data, never a real account. */
import type { MemoryAccount } from '../../../shared/memory-account/index.js';

export function applySecretsManagerSample(_account: MemoryAccount): void {}
