/** The demo's sample account: its ACM certificates, compliant and not. Sample data, never a real account. */
import { ensureRegion, type MemoryAccount } from '../memory-account/index.js';

const DAY_MS = 86_400_000;

/**
 * eu-west-1: both certificates serve the application load balancer. `api.retainwise.example`, issued
 * by ACM, expires in 200 days (PASS); `legacy.retainwise.example`, imported from another CA, expires
 * in 20 days and ACM will not renew it (FAIL). Expiry dates are relative to the moment the sample is
 * built (plus half a day, so the day counts shown stay put while the demo runs).
 */
export function applyAcmSample(account: MemoryAccount): void {
  const now = Date.now();
  const inDays = (days: number) => new Date(now + days * DAY_MS + DAY_MS / 2);
  const alb = `arn:aws:elasticloadbalancing:eu-west-1:${account.accountId}:loadbalancer/app/retainwise-alb/50dc6c495c0c9188`;
  const { acm } = ensureRegion(account, 'eu-west-1');
  acm.certificates.push(
    {
      id: '6f1c2a4e-8b3d-4e5f-9a70-1b2c3d4e5f60',
      domainName: 'api.retainwise.example',
      type: 'AMAZON_ISSUED',
      notBefore: new Date(now - 165 * DAY_MS),
      notAfter: inDays(200),
      inUseBy: [alb],
    },
    {
      id: '0a9b8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d',
      domainName: 'legacy.retainwise.example',
      type: 'IMPORTED',
      notBefore: new Date(now - 345 * DAY_MS),
      notAfter: inDays(20),
      inUseBy: [alb],
    },
  );
}
