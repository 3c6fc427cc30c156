/**
 * Handlers only parse, call and shape: each stays short, builds no AWS client (the runtimes in
 * src/shared build them), and hands the registry or the catalog in rather than src/shared importing it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const HANDLERS = fileURLToPath(new URL('../../src/handlers', import.meta.url));
const MAX_LINES = 60;
const handlers = readdirSync(HANDLERS)
  .filter((name) => name.endsWith('.ts'))
  .map((name) => ({ name, text: readFileSync(join(HANDLERS, name), 'utf8') }));

describe('handlers', () => {
  it(`stay within ${MAX_LINES} lines`, () => {
    expect(handlers.length).toBeGreaterThanOrEqual(6);
    expect(handlers.filter((h) => h.text.split('\n').length > MAX_LINES).map((h) => h.name)).toEqual([]);
  });

  it('build no AWS client (the runtime does)', () => {
    expect(handlers.filter((h) => /new \w+Client\(/.test(h.text)).map((h) => h.name)).toEqual([]);
    // The check can fail: a client built in a handler is seen.
    expect(/new \w+Client\(/.test('const sqs = new SQSClient(clientConfig(region));')).toBe(true);
  });
});
