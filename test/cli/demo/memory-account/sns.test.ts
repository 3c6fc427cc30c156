import { describe, expect, it } from 'vitest';
import { ScanSession } from '#shared/aws/scan-session.js';
import { SnsReader } from '#shared/aws/services/sns/reader.js';
import { emptyRegion, type MemoryAccount, memoryApiProvider, emptyAccount as createEmptyAccount } from '../../../../src/cli/demo/memory-account/index.js';
import { emptySnsState, memorySnsApi, type MemorySnsState } from '../../../../src/cli/demo/memory-account/sns.js';
import type { MemoryCall } from '../../../../src/cli/demo/memory-account/support.js';

const ACCOUNT = '123456789012';
const OPS = `arn:aws:sns:eu-west-1:${ACCOUNT}:ops-alerts`;
const direct: MemoryCall = async (_service, _operation, _input, answer) => answer();

function opsState(): MemorySnsState {
  return {
    ...emptySnsState(),
    topics: [
      {
        name: 'ops-alerts',
        subscriptions: [
          { protocol: 'email', endpoint: 'oncall@example.com', confirmed: true },
          { protocol: 'sms', endpoint: '+15555550100', confirmed: false },
        ],
      },
    ],
  };
}

describe('memory SNS', () => {
  describe('GetTopicAttributes', () => {
    it('reports the topic and its subscription counts', async () => {
      // Prepare
      const api = memorySnsApi(opsState(), 'eu-west-1', ACCOUNT, direct);
      // Act
      const out = await api.getTopicAttributes({ TopicArn: OPS });
      // Assess
      expect(out.Attributes).toMatchObject({
        TopicArn: OPS,
        Owner: ACCOUNT,
        SubscriptionsConfirmed: '1',
        SubscriptionsPending: '1',
      });
    });

    it("answers NotFound for a deleted topic and InvalidParameter for another region's topic, as SNS does", async () => {
      const api = memorySnsApi(opsState(), 'eu-west-1', ACCOUNT, direct);

      await expect(api.getTopicAttributes({ TopicArn: `arn:aws:sns:eu-west-1:${ACCOUNT}:gone` })).rejects.toMatchObject({
        name: 'NotFound',
        $metadata: { httpStatusCode: 404 },
      });
      await expect(api.getTopicAttributes({ TopicArn: `arn:aws:sns:us-east-1:${ACCOUNT}:ops-alerts` })).rejects.toMatchObject({
        name: 'InvalidParameter',
      });
    });
  });

  describe('ListSubscriptionsByTopic', () => {
    it('lists an unconfirmed subscription with the ARN PendingConfirmation', async () => {
      const api = memorySnsApi(opsState(), 'eu-west-1', ACCOUNT, direct);

      const out = await api.listSubscriptionsByTopic({ TopicArn: OPS });

      expect(out.Subscriptions).toEqual([
        expect.objectContaining({
          Protocol: 'email',
          Endpoint: 'oncall@example.com',
          TopicArn: OPS,
          SubscriptionArn: expect.stringMatching(new RegExp(`^${OPS}:[0-9a-f-]{36}$`)),
        }),
        expect.objectContaining({ Protocol: 'sms', SubscriptionArn: 'PendingConfirmation' }),
      ]);
      expect(out.NextToken).toBeUndefined();
    });

    it('pages by 100, as SNS does', async () => {
      const state = emptySnsState();
      state.topics.push({
        name: 'ops-alerts',
        subscriptions: Array.from({ length: 150 }, (_, i) => ({ protocol: 'email' as const, endpoint: `p${i}@example.com`, confirmed: true })),
      });
      const api = memorySnsApi(state, 'eu-west-1', ACCOUNT, direct);

      const first = await api.listSubscriptionsByTopic({ TopicArn: OPS });
      const second = await api.listSubscriptionsByTopic({ TopicArn: OPS, NextToken: first.NextToken });

      expect(first.Subscriptions).toHaveLength(100);
      expect(second.Subscriptions).toHaveLength(50);
      expect(second.NextToken).toBeUndefined();
    });
  });

  describe('through the SNS reader', () => {
    it('calls each topic in its own region, whatever region is being evaluated', async () => {
      const account: MemoryAccount = createEmptyAccount(ACCOUNT);
      account.regions['eu-west-1'] = { ...emptyRegion(), sns: opsState() };
      const calls: string[] = [];
      const apis = memoryApiProvider(account, { onCall: (c) => calls.push(`${c.operation}@${c.region}`) });
      const reader = new SnsReader({ api: (r) => apis(r).sns(), session: new ScanSession(), region: 'us-east-1', accountId: ACCOUNT });

      const attributes = await reader.topicAttributes(OPS);
      const subscriptions = await reader.subscriptions(OPS);
      const missing = await reader.topicAttributes(`arn:aws:sns:eu-west-1:${ACCOUNT}:gone`);

      expect(attributes?.SubscriptionsConfirmed).toBe('1');
      expect(subscriptions?.map((s) => s.confirmed)).toEqual([true, false]);
      expect(missing).toBeUndefined();
      expect(calls).toEqual(['GetTopicAttributes@eu-west-1', 'ListSubscriptionsByTopic@eu-west-1', 'GetTopicAttributes@eu-west-1']);
    });
  });
});
