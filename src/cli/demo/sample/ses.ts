/** The demo's sample account: its SES resources, compliant and not. Sample data, never a real account. */
import { ensureRegion, type MemoryAccount } from '../memory-account/index.js';

/**
 * eu-west-1 sends the transactional mail of seed 000 §11 from the verified domain retainwise.ai, but
 * production access was never requested: still in the sandbox (FAIL). us-east-1 has no identity (N/A).
 */
export function applySesSample(account: MemoryAccount): void {
  const { ses } = ensureRegion(account, 'eu-west-1');
  ses.productionAccessEnabled = false;
  ses.sendingEnabled = true;
  ses.identities.push({ name: 'retainwise.ai' }, { name: 'alerts@retainwise.ai', verificationStatus: 'PENDING' });
}
