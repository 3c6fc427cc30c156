/** docs/deploy.md names the rules that are event-driven from us-east-1: the list must follow the registry. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../src/rules/index.js';
import { ROOT } from './package.js';

describe('docs/deploy.md', () => {
  it('lists exactly the global rules as event-driven from us-east-1', async () => {
    const doc = await readFile(join(ROOT, 'docs/deploy.md'), 'utf8');
    const block = /<!-- global-rules[^>]*-->([\s\S]*?)<!-- \/global-rules -->/.exec(doc)?.[1];
    expect(block, 'the global-rules markers are missing').toBeDefined();
    const listed = [...block!.matchAll(/`([a-z0-9-]+)`/g)].map((m) => m[1]);
    expect(listed.sort(), 'update the global-rules list in docs/deploy.md').toEqual(
      RULES.filter((rule) => rule.global === true)
        .map((rule) => rule.id)
        .sort(),
    );
  });
});
