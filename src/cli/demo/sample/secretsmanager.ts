/** The demo's sample account: its Secrets Manager secrets, compliant and not. Sample data, never a real account. */
import { ensureRegion, type MemoryAccount } from '../memory-account/index.js';

const DAY_MS = 86_400_000;

/**
 * eu-west-1: the database credentials rotate every 30 days and were rotated 12 days ago (PASS); the
 * Stripe API key was stored 200 days ago and never rotated (FAIL). Dates are relative to the moment
 * the sample is built, so the demo says the same whenever it runs.
 */
export function applySecretsManagerSample(account: MemoryAccount): void {
  const now = Date.now();
  const daysAgo = (days: number) => new Date(now - days * DAY_MS);
  const { secretsmanager } = ensureRegion(account, 'eu-west-1');
  secretsmanager.secrets.push(
    {
      name: 'retainwise/prod/database',
      description: 'PostgreSQL credentials of the API',
      rotationEnabled: true,
      rotationDays: 30,
      createdAt: daysAgo(400),
      lastRotatedAt: daysAgo(12),
    },
    {
      name: 'retainwise/prod/stripe-api-key',
      description: 'Stripe secret key',
      rotationEnabled: false,
      createdAt: daysAgo(200),
    },
  );
}
