import { describe, expect, it } from 'vitest';
import { applySesSample } from '../../../../src/cli/demo/sample/ses.js';
import { sesRules } from '../../../../src/rules/ses/index.js';
import { evaluate } from '#shared/engine/engine.js';
import { emptyAccount, memoryApiProvider } from '../../../../src/cli/demo/memory-account/index.js';
import { emptySesState, memorySesApi } from '../../../../src/cli/demo/memory-account/ses.js';
import type { MemoryCall } from '../../../../src/cli/demo/memory-account/support.js';

const ACCOUNT = '123456789012';
const direct: MemoryCall = async (_service, _operation, _input, answer) => answer();

describe('memory SES', () => {
  it('starts in the sandbox, as a new account does, with the sandbox quota', async () => {
    const api = memorySesApi(emptySesState(), 'eu-west-1', ACCOUNT, direct);

    expect(await api.getAccount({})).toMatchObject({
      ProductionAccessEnabled: false,
      SendingEnabled: true,
      EnforcementStatus: 'HEALTHY',
      SendQuota: { Max24HourSend: 200, MaxSendRate: 1 },
    });
  });

  it('reports a production access request, and pages identities with NextToken', async () => {
    const state = {
      ...emptySesState(),
      reviewStatus: 'PENDING' as const,
      identities: [{ name: 'retainwise.ai' }, { name: 'alerts@retainwise.ai', verificationStatus: 'PENDING' as const }],
    };
    const api = memorySesApi(state, 'eu-west-1', ACCOUNT, direct);

    const first = await api.listEmailIdentities({ PageSize: 1 });
    const second = await api.listEmailIdentities({ PageSize: 1, NextToken: first.NextToken });

    expect((await api.getAccount({})).Details?.ReviewDetails?.Status).toBe('PENDING');
    expect([...(first.EmailIdentities ?? []), ...(second.EmailIdentities ?? [])]).toEqual([
      { IdentityName: 'retainwise.ai', IdentityType: 'DOMAIN', VerificationStatus: 'SUCCESS', SendingEnabled: true },
      { IdentityName: 'alerts@retainwise.ai', IdentityType: 'EMAIL_ADDRESS', VerificationStatus: 'PENDING', SendingEnabled: false },
    ]);
    expect(second.NextToken).toBeUndefined();
    await expect(api.listEmailIdentities({ PageSize: 1001 })).rejects.toMatchObject({ name: 'BadRequestException' });
  });
});

describe('the demo sample (SES)', () => {
  it('fails eu-west-1 (verified domain, still in the sandbox) and leaves us-east-1 out (no identity)', async () => {
    const account = emptyAccount(ACCOUNT, ['eu-west-1', 'us-east-1']);
    applySesSample(account);

    const { findings } = await evaluate({
      accountId: ACCOUNT,
      regions: ['eu-west-1', 'us-east-1'],
      rules: sesRules.map((r) => r.bind()),
      apis: memoryApiProvider(account),
    });

    expect(findings.map((f) => `${f.resourceId} ${f.status}: ${f.reason}`)).toEqual([
      `${ACCOUNT}/eu-west-1 FAIL: SES in eu-west-1 is still in the sandbox (mail only to verified identities, 200 messages a day)`,
      `${ACCOUNT}/us-east-1 NOT_APPLICABLE: SES not used in us-east-1: no verified email identity`,
    ]);
  });
});
