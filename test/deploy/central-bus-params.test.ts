/**
 * The deploy params that open the central bus to other accounts (deploy/registry.cjs): only well-formed
 * 12-digit account ids and one organization id get in; anything else fails the packaging, never widens it.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './package.js';

const require = createRequire(import.meta.url);
type Resolver = { resolveVariable(name: string): Promise<string | undefined> };
const registry = require(join(ROOT, 'deploy/registry.cjs')) as {
  centralBusMemberPrincipals(resolver: Resolver): Promise<unknown[]>;
  organizationId(resolver: Resolver): Promise<string>;
};

const params = (values: Record<string, string>): Resolver => ({ resolveVariable: async (name) => values[name.replace(/^param:/, '')] }) as Resolver;

describe('central bus publishers from the deploy params', () => {
  it('names each member account root, trimmed, and nobody without members', async () => {
    await expect(registry.centralBusMemberPrincipals(params({ memberAccounts: '111122223333, 444455556666' }))).resolves.toEqual([
      { 'Fn::Sub': 'arn:${AWS::Partition}:iam::111122223333:root' },
      { 'Fn::Sub': 'arn:${AWS::Partition}:iam::444455556666:root' },
    ]);
    await expect(registry.centralBusMemberPrincipals(params({ memberAccounts: '' }))).resolves.toEqual([]);
    await expect(registry.centralBusMemberPrincipals(params({}))).resolves.toEqual([]);
  });

  it.each(['*', '11112222333', '111122223333,*', '111122223333:root', 'arn:aws:iam::111122223333:root', '111122223333 444455556666'])(
    'refuses memberAccounts=%s',
    async (value) => {
      await expect(registry.centralBusMemberPrincipals(params({ memberAccounts: value }))).rejects.toThrow(/memberAccounts/);
    },
  );

  it('takes one organization id, or none', async () => {
    await expect(registry.organizationId(params({ organizationId: 'o-a1b2c3d4e5' }))).resolves.toBe('o-a1b2c3d4e5');
    await expect(registry.organizationId(params({ organizationId: '' }))).resolves.toBe('');
    for (const value of ['*', 'o-*', 'o-a1b2c3d4e5,o-f6g7h8i9j0', 'r-a1b2', 'o-short', '${aws:PrincipalOrgID}']) {
      await expect(registry.organizationId(params({ organizationId: value })), value).rejects.toThrow(/organizationId/);
    }
  });
});
