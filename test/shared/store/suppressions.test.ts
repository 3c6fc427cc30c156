import { afterEach, describe, expect, it, vi } from 'vitest';
import * as glob from '#shared/core/glob.js';
import { suppressionMatcher } from '#shared/store/suppressions.js';
import type { Suppression } from '#shared/core/model.js';

vi.mock('#shared/core/glob.js', async (importOriginal) => {
  const original = await importOriginal<typeof glob>();
  return { ...original, compileGlob: vi.fn(original.compileGlob) };
});

const NOW = new Date('2026-06-01T00:00:00Z');
const suppression = (resourcePattern: string, extra: Partial<Suppression> = {}): Suppression => ({
  ruleId: '*',
  resourcePattern,
  reason: 'accepted',
  ...extra,
});
const finding = (resourceId: string, resourceName = resourceId, ruleId = 'logs-retention-set') => ({ ruleId, resourceId, resourceName });

afterEach(() => {
  vi.mocked(glob.compileGlob).mockClear();
});

describe('suppressionMatcher', () => {
  it('applies a live suppression of the same rule (or `*`) whose pattern matches the id or the name', () => {
    const byName = suppression('legacy-*', { ruleId: 'logs-retention-set' });
    const expired = suppression('*', { expiresAt: '2026-05-31T23:59:59Z' });
    const otherRule = suppression('*', { ruleId: 's3-bucket-versioning-enabled' });
    const match = suppressionMatcher([expired, otherRule, byName]);

    expect(match(finding('arn:aws:logs:eu-west-1:123456789012:log-group:legacy-app', 'legacy-app'), NOW)).toBe(byName);
    expect(match(finding('arn:aws:logs:eu-west-1:123456789012:log-group:app', 'app'), NOW)).toBeUndefined();
    expect(match(finding('legacy-app', 'legacy-app', 'dynamodb-pitr-enabled'), NOW)).toBeUndefined();
  });

  it('compiles each pattern once, however many findings it is matched against', () => {
    const match = suppressionMatcher([suppression('prod-*'), suppression('*-tmp'), suppression('*-*-*-*-prod')]);
    for (let i = 0; i < 500; i++) match(finding(`arn:aws:logs:eu-west-1:123456789012:log-group:app-${i}`, `app-${i}`), NOW);
    expect(vi.mocked(glob.compileGlob)).toHaveBeenCalledTimes(3);
  });

  it('matches the worst case (`*-*-*-*-prod` against a 508-character name) in under 1 ms per finding', () => {
    const match = suppressionMatcher([suppression('*-*-*-*-prod')]);
    const name = `${'a-'.repeat(253)}px`;
    expect(name).toHaveLength(508);
    const times: number[] = [];
    for (let i = 0; i < 101; i++) {
      const start = performance.now();
      expect(match(finding(`arn:aws:logs:eu-west-1:123456789012:log-group:${name}`, name), NOW)).toBeUndefined();
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    expect(times[50]).toBeLessThan(1);
  });
});
