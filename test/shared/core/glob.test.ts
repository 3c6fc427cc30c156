import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileGlob } from '#shared/core/glob.js';

/** The reference semantics: the anchored regular expression a glob stands for (safe on short texts only). */
function reference(glob: string, text: string, flags = 's'): boolean {
  const escaped = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`, flags).test(text);
}

/** Median wall time of `runs` calls, in milliseconds: robust to a busy, shared machine. */
function medianMs(runs: number, work: () => void): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    work();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(runs / 2)] ?? Number.NaN;
}

const HOSTILE_PATTERNS = ['*-*-*-*-prod', '*a*a*a*a*a*a*a*a*b', '*?*?*?*?*?*?*?*?*z', '**-**-**-**-*prod*', 'a*-*-*-*-*-*-*-*-*-*-*-*-q', '*aaaaaaaab*'];

/**
 * Names of `length` characters built to make a `.*` regex backtrack on `pattern`: many near-matches of its
 * pieces, ending badly; or ending with its last piece so that a matcher cannot give up before the middle.
 */
function hostileNames(pattern: string, length: number): string[] {
  const pieces = pattern.split('*');
  const tail = (pieces[pieces.length - 1] ?? '').replaceAll('?', 'z');
  const head = (pieces[0] ?? '').replaceAll('?', 'z');
  const filler = (n: number, unit: string) => unit.repeat(Math.ceil(n / unit.length)).slice(0, Math.max(0, n));
  return [
    `${filler(length - 1, 'a-')}x`,
    head + filler(length - head.length - tail.length, 'a-') + tail,
    head + filler(length - head.length - tail.length, 'a') + tail,
    `${head + filler(length - head.length - tail.length - 1, 'a')}x${tail}`,
  ].map((name) => name.slice(0, length));
}

describe('compileGlob', () => {
  it('matches `*` as any run (empty included) and `?` as one character, anchored at both ends', () => {
    const cases: Array<[string, string, boolean]> = [
      ['prod-*', 'prod-data', true],
      ['prod-*', 'prod-', true],
      ['prod-*', 'staging-prod-data', false],
      ['*-prod', 'api-prod', true],
      ['*-prod', 'api-prod-2', false],
      ['arn:aws:s3:::*/*', 'arn:aws:s3:::bucket/key', true],
      ['arn:aws:s3:::*/*', 'arn:aws:s3:::bucket', false],
      ['db-??', 'db-01', true],
      ['db-??', 'db-1', false],
      ['a*b*a', 'aba', true],
      ['ab*ba', 'aba', false],
      ['*', '', true],
      ['', '', true],
      ['', 'x', false],
      ['x.y+(z)', 'x.y+(z)', true],
      ['x.y', 'xzy', false],
    ];
    for (const [pattern, text, expected] of cases) expect([pattern, text, compileGlob(pattern).test(text)]).toEqual([pattern, text, expected]);
  });

  it('ignores case only when asked', () => {
    expect(compileGlob('S3:delete*', { ignoreCase: true }).test('s3:DeleteBucket')).toBe(true);
    expect(compileGlob('S3:delete*').test('s3:DeleteBucket')).toBe(false);
  });

  it('agrees with the anchored regular expression on random globs and texts', () => {
    const alphabet = fc.constantFrom('a', 'b', '-', '*', '?', '.', '\n');
    const text = fc.string({ unit: fc.constantFrom('a', 'b', '-', '.', '\n'), maxLength: 12 });
    fc.assert(
      fc.property(fc.string({ unit: alphabet, maxLength: 8 }), text, (glob, name) => {
        expect(compileGlob(glob).test(name)).toBe(reference(glob, name));
      }),
      { numRuns: 2000 },
    );
  });

  describe('against names built to make a regex backtrack', () => {
    it.each(HOSTILE_PATTERNS)('%s: under 1 ms on 508-character names (median of 201 runs, each over every hostile name)', (pattern) => {
      const matcher = compileGlob(pattern);
      const names = hostileNames(pattern, 508);
      expect(names.every((name) => name.length === 508)).toBe(true);
      expect(
        medianMs(201, () => {
          for (const name of names) matcher.test(name);
        }),
      ).toBeLessThan(1);
    });

    it.each(HOSTILE_PATTERNS)('%s: at most (length + 2) × longest piece comparisons, growing linearly with the name', (pattern) => {
      const matcher = compileGlob(pattern);
      const longestPiece = Math.max(...pattern.split('*').map((p) => p.length));
      const worst = (length: number) => Math.max(...hostileNames(pattern, length).map((name) => matcher.comparisons(name)));
      for (const length of [508, 5_080, 50_800]) expect(worst(length)).toBeLessThanOrEqual((length + 2) * longestPiece);
      // Ten times the name, about ten times the work (backtracking multiplies it by up to 10^stars).
      expect(worst(50_800) / worst(5_080)).toBeLessThan(11);
    });

    it('the hostile names do make the matcher read the whole name (the bounds above are not vacuous)', () => {
      const matcher = compileGlob('*-*-*-*-prod');
      const costs = hostileNames('*-*-*-*-prod', 5_080).map((name) => matcher.comparisons(name));
      expect(Math.max(...costs)).toBeGreaterThanOrEqual(5_080 / 2);
    });
  });
});
