/**
 * Fuzz: every registered rule, evaluated by the engine over random-but-valid AWS answers. The sample
 * account (every family's sample data) is served through a layer that thins each answer at random and
 * fails some calls with AWS error codes; a second property builds random Core-pack accounts (S3,
 * CloudWatch, SNS, ElastiCache, Budgets) from scratch. Whatever the answers: the engine resolves, every
 * finding has a status and a sentence, and no rule or reader crashes (a TypeError on a valid answer is
 * a bug even though the engine turns it into ERROR).
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { sampleAccount, SAMPLE_REGIONS } from '../../src/cli/demo/sample-account.js';
import { RULES, selectRules } from '../../src/rules/index.js';
import { evaluate } from '#shared/engine/engine.js';
import { memoryApiProvider } from '../../src/cli/demo/memory-account/index.js';
import { assertWellFormed } from './support/checks.js';
import { fuzz, printRunCounts } from './support/fuzz.js';
import { mutatingApis } from './support/mutating-apis.js';
import { randomCoreAccount } from './support/random-account.js';

const FAULT_CODES = [
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'ThrottlingException',
  'Throttling',
  'RequestLimitExceeded',
  'InternalFailure',
  'ServiceUnavailable',
  'ExpiredToken',
];
const CORE = new Set(['s3', 'budget', 'cloudwatch', 'elasticache']);
const statusCounts: Record<string, number> = {};

afterAll(() => {
  printRunCounts('fuzz-rules');
  console.log('[fuzz] rule statuses', statusCounts);
});

function tally(status: string): void {
  statusCounts[status] = (statusCounts[status] ?? 0) + 1;
}

describe('every rule over random-but-valid AWS answers', () => {
  it(`never throws and always says a status (${RULES.length} rules, sample account, thinned answers, faults)`, async () => {
    const account = sampleAccount();
    const rules = selectRules();
    await fuzz(
      'rules: sample account, thinned answers + faults, all rules',
      fc.record({
        seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        dropRate: fc.constantFrom(0, 0.05, 0.15, 0.3, 0.6),
        faultRate: fc.constantFrom(0, 0, 0.02, 0.1, 0.5),
      }),
      async (options) => {
        const apis = mutatingApis(memoryApiProvider(account), { ...options, faultCodes: FAULT_CODES });
        const result = await evaluate({ accountId: account.accountId, regions: SAMPLE_REGIONS, rules, apis });
        expect(result.findings.length).toBeGreaterThan(0);
        for (const finding of result.findings) {
          assertWellFormed(finding);
          tally(finding.status);
        }
      },
    );
  }, 240_000);

  it('never throws over random Core-pack accounts built from scratch (S3, CloudWatch, SNS, ElastiCache, Budgets)', async () => {
    const rules = selectRules({ ruleIds: RULES.filter((r) => CORE.has(r.id.split('-')[0]!)).map((r) => r.id) });
    await fuzz(
      'rules: random Core accounts, all Core rules',
      fc.tuple(randomCoreAccount, fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.constantFrom(0, 0, 0.1)),
      async ([account, seed, dropRate]) => {
        const apis = mutatingApis(memoryApiProvider(account), { seed, dropRate, faultRate: 0, faultCodes: [] });
        const result = await evaluate({ accountId: account.accountId, regions: ['eu-west-1', 'us-east-1'], rules, apis });
        for (const finding of result.findings) {
          assertWellFormed(finding);
          tally(finding.status);
          // No fault was injected: an ERROR must come from the data itself (a reader refusing a call).
          if (finding.status === 'ERROR' && dropRate === 0)
            throw new Error(`ERROR without a fault: ${finding.ruleId} ${finding.resourceName}: ${finding.reason}`);
        }
      },
    );
  }, 240_000);
});
