/** Configuration text written to hurt: alias bombs, huge files, prototype keys. One line naming the file and field, fast. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/shared/errors.js';
import { CONFIG_MAX_BYTES, loadPreflightConfigFile, parsePreflightConfig } from '../../src/shared/preflight-config.js';

function rejection(text: string, format: 'json' | 'yaml' = 'yaml'): string {
  try {
    parsePreflightConfig(text, format, 'preflight.config.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

/** "Billion laughs": each level repeats the previous one ten times; 9 levels expand to 10^9 strings. */
const ALIAS_BOMB = [
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  ...'bcdefghi'.split('').map((name, i) => {
    const previous = 'abcdefghi'[i];
    return `${name}: &${name} [${Array.from({ length: 10 }, () => `*${previous}`).join(',')}]`;
  }),
  'regions: *i',
].join('\n');

describe('hostile configuration text', () => {
  it('refuses a YAML alias bomb in one line naming the file, without expanding it', () => {
    const started = performance.now();
    const message = rejection(ALIAS_BOMB);

    expect(message).toMatch(/^preflight\.config\.yaml: not valid YAML: .*alias/i);
    expect(message).not.toContain('\n');
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('refuses text over the size cap before parsing it', () => {
    const huge = `regions: [eu-west-1]\n# ${'x'.repeat(CONFIG_MAX_BYTES)}\n`;

    expect(rejection(huge)).toBe(`preflight.config.yaml: ${huge.length} bytes, larger than the 1 MiB a configuration may have`);
    expect(rejection(JSON.stringify({ regions: ['eu-west-1'], pad: 'x'.repeat(CONFIG_MAX_BYTES) }), 'json')).toMatch(
      /^preflight\.config\.yaml: \d+ bytes, larger than the 1 MiB/,
    );
  });

  it('refuses an 11 MB file before reading it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'preflight-config-'));
    const path = join(dir, 'preflight.config.yaml');
    writeFileSync(path, `suppressions:\n${'  - {ruleId: "*", resourcePattern: "x-*", reason: "padding"}\n'.repeat(180_000)}`);
    const started = performance.now();

    await expect(loadPreflightConfigFile(path)).rejects.toThrow(new RegExp(`^${path}: \\d+ bytes, larger than the 1 MiB a configuration may have$`));
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it.each([
    ['JSON', '{"params": {"__proto__": {"thresholds": [1]}}}', 'json', 'params.__proto__'],
    ['JSON', '{"params": {"budget-alert-thresholds": {"__proto__": {"thresholds": [1]}}}}', 'json', 'params.budget-alert-thresholds.__proto__'],
    ['JSON', '{"params": {"budget-alert-thresholds": {"constructor": {"prototype": {}}}}}', 'json', 'params.budget-alert-thresholds.constructor'],
    ['JSON', '{"__proto__": {"regions": ["eu-west-1"]}}', 'json', '__proto__'],
    ['YAML', 'params:\n  __proto__:\n    thresholds: [1]\n', 'yaml', 'params.__proto__'],
    ['YAML', 'params:\n  budget-alert-thresholds:\n    prototype: {}\n', 'yaml', 'params.budget-alert-thresholds.prototype'],
  ] as const)('refuses a prototype key in %s (%s), naming the field', (_kind, text, format, field) => {
    const message = rejection(text, format);

    expect(message).toContain(`preflight.config.yaml: ${field}: is a reserved name (__proto__, constructor, prototype)`);
    expect(message).not.toContain('\n');
    expect(({} as Record<string, unknown>).thresholds).toBeUndefined();
  });
});
