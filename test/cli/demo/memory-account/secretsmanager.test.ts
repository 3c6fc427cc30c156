import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { applySecretsManagerSample } from '../../../../src/cli/demo/sample/secretsmanager.js';
import { secretsmanagerRules } from '../../../../src/rules/secretsmanager/index.js';
import { evaluate } from '#shared/engine/engine.js';
import { emptyAccount, memoryApiProvider } from '../../../../src/cli/demo/memory-account/index.js';
import { memorySecretsManagerApi, secretArnSuffix } from '../../../../src/cli/demo/memory-account/secretsmanager.js';
import type { MemoryCall } from '../../../../src/cli/demo/memory-account/support.js';

const ACCOUNT = '123456789012';
const direct: MemoryCall = async (_service, _operation, _input, answer) => answer();

describe('memory Secrets Manager', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-05T12:00:00Z'));
  });
  afterEach(() => vi.useRealTimers());

  it('lists secrets with stable ARNs, hides those waiting for deletion, and pages with NextToken', async () => {
    // Prepare
    const api = memorySecretsManagerApi(
      {
        secrets: [
          { name: 'a', rotationEnabled: true },
          { name: 'b', arnSuffix: 'Zz99Yy' },
          { name: 'c', deletedAt: new Date() },
        ],
      },
      'eu-west-1',
      ACCOUNT,
      direct,
    );
    // Act
    const first = await api.listSecrets({ MaxResults: 1 });
    const second = await api.listSecrets({ MaxResults: 1, NextToken: first.NextToken });
    const all = await api.listSecrets({ IncludePlannedDeletion: true });
    // Assess
    expect(first.SecretList).toEqual([
      expect.objectContaining({
        ARN: `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:a-${secretArnSuffix('a')}`,
        Name: 'a',
        RotationEnabled: true,
        RotationRules: { AutomaticallyAfterDays: 30 },
      }),
    ]);
    expect(second.SecretList?.map((s) => s.ARN)).toEqual([`arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:b-Zz99Yy`]);
    expect(second.NextToken).toBeUndefined();
    expect(all.SecretList?.map((s) => s.Name)).toEqual(['a', 'b', 'c']);
    expect(secretArnSuffix('a')).toMatch(/^[A-Za-z0-9]{6}$/);
    await expect(api.listSecrets({ MaxResults: 101 })).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });

  it('describes a secret by name, full ARN or partial ARN, and fails with ResourceNotFoundException', async () => {
    const api = memorySecretsManagerApi({ secrets: [{ name: 'prod/db', arnSuffix: 'Ab12Cd' }] }, 'eu-west-1', ACCOUNT, direct);
    const full = `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:prod/db-Ab12Cd`;

    const answers = await Promise.all(['prod/db', full, full.slice(0, -7)].map((SecretId) => api.describeSecret({ SecretId })));

    expect(answers.map((a) => a.ARN)).toEqual([full, full, full]);
    await expect(api.describeSecret({ SecretId: 'gone' })).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('gives the demo sample its verdicts from one listing', async () => {
    const account = emptyAccount(ACCOUNT);
    applySecretsManagerSample(account);
    const calls: string[] = [];

    const { findings } = await evaluate({
      accountId: ACCOUNT,
      regions: ['eu-west-1'],
      rules: secretsmanagerRules.map((r) => r.bind()),
      apis: memoryApiProvider(account, { onCall: (c) => calls.push(c.operation) }),
    });

    expect(findings.map((f) => `${f.status}: ${f.reason}`)).toEqual([
      'PASS: secret retainwise/prod/database rotates automatically (every 30 days) and was last rotated 12 days ago (allowed 90)',
      'FAIL: automatic rotation is not enabled on secret retainwise/prod/stripe-api-key (never rotated since it was created 200 days ago)',
    ]);
    expect(calls).toEqual(['ListSecrets']);
  });
});
