/**
 * The `https` body against AWS Chatbot's (Amazon Q Developer in chat applications) custom notification
 * schema, written from its documentation:
 * https://docs.aws.amazon.com/chatbot/latest/adminguide/custom-notifs.html ("Event schema" and
 * "Parameter details": `version` must be "1.0", `source` must be "custom", only the `client-markdown`
 * textType is supported; `content` holds title, description, nextSteps, keywords; `metadata` holds
 * threadId, summary, eventType, relatedResources and additionalContext, a map of strings).
 * The objects are strict: a key the schema does not document fails the test.
 */
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { findRule } from '../../../src/rules/index.js';
import { type AlertItem, alertMessage, baselineMessage, minimalAlertMessage, type MessageContext } from '#shared/alerts/messages.js';
import { publishInput } from '#shared/alerts/notifier.js';
import type { StoredFinding } from '#shared/store/transitions.js';
import { stored } from '../securityhub/fixtures.js';

const strings = z.array(z.string());
const customNotification = z.strictObject({
  version: z.literal('1.0'),
  source: z.literal('custom'),
  id: z.string().optional(),
  content: z.strictObject({
    textType: z.literal('client-markdown').optional(),
    title: z.string().optional(),
    description: z.string().min(1),
    nextSteps: strings.optional(),
    keywords: strings.optional(),
  }),
  metadata: z
    .strictObject({
      threadId: z.string().optional(),
      summary: z.string().optional(),
      eventType: z.string().optional(),
      relatedResources: strings.optional(),
      additionalContext: z.record(z.string(), z.string()).optional(),
    })
    .optional(),
});

const CONTEXT: MessageContext = { describeRule: (id) => findRule(id), apiUrl: 'https://api.example.test' };

function item(overrides: Partial<StoredFinding> = {}): AlertItem {
  const finding = stored(overrides);
  return { finding, alert: { kind: 'REGRESSION', version: finding.version, createdAt: finding.lastChangedAt, from: 'PASS', to: 'FAIL' } };
}

function chatOf(https: string) {
  return customNotification.parse(JSON.parse(https));
}

describe('the AWS Chatbot body (https key)', () => {
  it('is a custom notification for one alert: title, description, the fix as next step', () => {
    const message = alertMessage([item()], CONTEXT);
    const chat = chatOf(message.message.https);
    expect(chat.content.title).toBe(':rotating_light: HIGH regression: s3-bucket-versioning-enabled on prod-data');
    expect(chat.content.description).toBe('• s3-bucket-versioning-enabled on prod-data (eu-west-1, 123456789012): versioning is Suspended on prod-data');
    expect(chat.content.nextSteps).toEqual([
      // Slack's escaping: `<` and `>` as entities, shown as `<bucket>` in the channel.
      'aws s3api put-bucket-versioning --bucket &lt;bucket&gt; --versioning-configuration Status=Enabled',
      'Details: https://api.example.test/findings/s3-bucket-versioning-enabled/arn%3Aaws%3As3%3A%3A%3Aprod-data',
    ]);
    expect(chat.metadata?.additionalContext).toEqual({ severity: 'HIGH', kind: 'REGRESSION', count: '1' });
  });

  it('shows at most ten findings of a batch and says how many more the email holds', () => {
    const items = Array.from({ length: 25 }, (_, i) => item({ resourceId: `arn:aws:s3:::b-${i}`, resourceName: `b-${i}` }));
    const chat = chatOf(alertMessage(items, CONTEXT).message.https);
    const lines = chat.content.description.split('\n');
    expect(lines).toHaveLength(11);
    expect(lines[10]).toBe('… and 15 more (all of them in the email and the findings API)');
  });

  it('is a custom notification for the baseline summary and the shortened fallback too', () => {
    const baseline = baselineMessage(
      {
        accountId: '123456789012',
        regions: ['eu-west-1', 'global'],
        missing: [],
        failing: 2,
        errors: 1,
        bySeverity: { HIGH: 2 },
        byRule: { 's3-bucket-versioning-enabled': 2 },
      },
      CONTEXT,
    );
    expect(chatOf(baseline.message.https).content.title).toBe(':clipboard: Preflight baseline for account 123456789012: 2 failing findings (2 HIGH)');
    expect(() => chatOf(minimalAlertMessage(item(), CONTEXT).message.https)).not.toThrow();
  });

  it('neutralises chat mentions and links hidden in resource names', () => {
    const chat = chatOf(alertMessage([item({ resourceName: '<!channel> <https://evil.example|click>' })], CONTEXT).message.https);
    expect(chat.content.title).toContain('&lt;!channel&gt; &lt;https://evil.example|click&gt;');
    expect(JSON.stringify(chat)).not.toMatch(/<!channel>|<https:/);
  });

  it('travels under the https key of the per-protocol message; email and SMS keep theirs', () => {
    const input = publishInput('arn:aws:sns:eu-west-1:123456789012:alerts', alertMessage([item()], CONTEXT));
    expect(input.MessageStructure).toBe('json');
    expect(Object.keys(JSON.parse(input.Message ?? '{}') as object).sort()).toEqual(['default', 'email', 'https', 'sms']);
  });
});
