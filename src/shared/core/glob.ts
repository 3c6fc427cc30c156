/**
 * Globs over names and ARNs: `*` is any run of characters (none included), `?` exactly one, anything
 * else itself; the whole text must match. Used for suppressions, S3 rule scopes and IAM policy patterns.
 *
 * Matched without regular expressions: `*` as `.*` backtracks, and `*-*-*-*-prod` against a 508-character
 * name took seconds, so whoever can name a log group could push a sweep past its timeout. The pattern is
 * cut at its stars into fixed-length pieces once; a test checks the first piece at the start, the last at
 * the end, and finds each middle piece at its leftmost place after the previous one (leftmost leaves the
 * most room for the rest, so it never has to come back). Each text position starts at most one
 * comparison with at most one piece: about text length × longest piece at worst, whatever the stars.
 * Characters are UTF-16 code units, as in a regular expression without the `u` flag.
 */

export interface GlobOptions {
  /** Compare case-insensitively (IAM action names); default false. */
  ignoreCase?: boolean;
}

export interface GlobMatcher {
  readonly pattern: string;
  test(text: string): boolean;
  /** The character comparisons `test(text)` makes: the cost a hostile name can force, for tests. */
  comparisons(text: string): number;
}

interface Tally {
  comparisons: number;
}

/** Whether `piece` (where `?` is any one character) matches `text` at `at`; `text` is long enough. */
function pieceAt(text: string, at: number, piece: string, tally: Tally): boolean {
  for (let i = 0; i < piece.length; i++) {
    tally.comparisons++;
    const c = piece.charCodeAt(i);
    if (c !== QUESTION_MARK && c !== text.charCodeAt(at + i)) return false;
  }
  return true;
}

const QUESTION_MARK = '?'.charCodeAt(0);

export function compileGlob(pattern: string, options: GlobOptions = {}): GlobMatcher {
  const fold = options.ignoreCase ? (s: string) => s.toLowerCase() : (s: string) => s;
  const pieces = fold(pattern).split('*');
  const first = pieces[0] ?? '';
  const last = pieces[pieces.length - 1] ?? '';
  const middle = pieces.slice(1, -1).filter((p) => p.length > 0);
  const minLength = first.length + last.length + middle.reduce((n, p) => n + p.length, 0);

  function run(input: string, tally: Tally): boolean {
    const text = fold(input);
    if (pieces.length === 1) return text.length === first.length && pieceAt(text, 0, first, tally);
    if (text.length < minLength) return false;
    const end = text.length - last.length;
    if (!pieceAt(text, 0, first, tally) || !pieceAt(text, end, last, tally)) return false;
    let from = first.length;
    for (const piece of middle) {
      let at = from;
      while (at + piece.length <= end && !pieceAt(text, at, piece, tally)) at++;
      if (at + piece.length > end) return false;
      from = at + piece.length;
    }
    return true;
  }

  return {
    pattern,
    test: (text) => run(text, { comparisons: 0 }),
    comparisons: (text) => {
      const tally = { comparisons: 0 };
      run(text, tally);
      return tally.comparisons;
    },
  };
}
