import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findRule } from '../../../src/rules/index.js';
import { type AlertItem, alertMessage, type MessageContext } from '#shared/alerts/messages.js';
import type { AlertKind, StoredFinding } from '#shared/store/transitions.js';
import { stored } from '../securityhub/fixtures.js';

const CONTEXT: MessageContext = { describeRule: (id) => findRule(id), apiUrl: 'https://api.example.test' };
const SEED = 20_261_123;

function item(overrides: Partial<StoredFinding> = {}, kind: AlertKind = 'REGRESSION'): AlertItem {
  const finding = stored(overrides);
  return { finding, alert: { kind, version: finding.version, createdAt: finding.lastChangedAt, from: 'PASS', to: finding.status } };
}

/** Characters that would change a message's layout if they reached it raw. */
const RAW_LAYOUT = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/** Strings full of what audited accounts can put in names, tags and reasons. */
const hostile = fc.string({
  unit: fc.oneof(
    fc.constantFrom('\n', '\r', '\t', '\u0000', '\u001b', '\u0085', '\u2028', '\u2029', '\u202e', '\u2066', 'é', '漢', '😀', '<!channel>', '*', '`', '\\'),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  ),
  maxLength: 300,
});

describe('alert subjects', () => {
  it('are ASCII, one line and at most 99 characters, whatever the resource is called', () => {
    fc.assert(
      fc.property(hostile, hostile, (name, rule) => {
        const { subject } = alertMessage([item({ resourceName: name, ruleId: `s3-${rule}` })], CONTEXT);
        expect(subject.length).toBeLessThanOrEqual(99);
        expect(subject).toMatch(/^[\x20-\x7e]+$/);
      }),
      { numRuns: 1_000, seed: SEED },
    );
  });

  it('stays under 100 characters for the longest name (SNS rejects a 100-character subject)', () => {
    const { subject } = alertMessage([item({ resourceName: 'b'.repeat(200) })], CONTEXT);
    expect(subject).toHaveLength(99);
    expect(subject.endsWith('...')).toBe(true);
  });

  it('say what a batch holds: its count, severity and kind', () => {
    const items = ['a', 'b', 'c'].map((n) => item({ resourceId: `arn:aws:s3:::${n}`, resourceName: n }, 'NEW_FAILURE'));
    expect(alertMessage(items, CONTEXT).subject).toBe('[Preflight] HIGH: 3 new failures');
  });
});

describe('alert bodies', () => {
  it('escape control characters in every field of every body: no forged line in the email, sms, default or chat text', () => {
    const clean = alertMessage([item()], CONTEXT);
    const lines = (m: typeof clean) => ({
      email: m.message.email.split('\n').length,
      default: m.message.default.split('\n').length,
      sms: m.message.sms.split('\n').length,
      chat: (JSON.parse(m.message.https) as { content: { description: string } }).content.description.split('\n').length,
    });
    fc.assert(
      fc.property(hostile, hostile, hostile, hostile, (name, reason, id, region) => {
        const message = alertMessage([item({ resourceName: name, reason, resourceId: `arn:aws:s3:::${id}`, region, evidence: { note: reason } })], CONTEXT);
        for (const body of [message.message.email, message.message.default, message.message.sms, message.message.https]) {
          expect(body).not.toMatch(RAW_LAYOUT);
        }
        expect(lines(message)).toEqual(lines(clean));
        expect(message.message.https).not.toContain('<!channel>');
      }),
      { numRuns: 1_000, seed: SEED },
    );
  });

  it('shows an escaped newline instead of a new line', () => {
    const { message } = alertMessage([item({ resourceName: 'prod\n  Rule:        forged' })], CONTEXT);
    expect(message.email).toContain('  Resource:    prod\\n  Rule:        forged (arn:aws:s3:::prod-data)');
    expect(message.email.split('\n').filter((line) => line.startsWith('  Rule:'))).toEqual(['  Rule:        s3-bucket-versioning-enabled']);
  });
});

describe('one kind per message', () => {
  it('refuses to put alerts of different kinds or severities in one message', () => {
    expect(() => alertMessage([item({}, 'REGRESSION'), item({ resourceId: 'arn:aws:s3:::b' }, 'FIXED')], CONTEXT)).toThrow(RangeError);
    expect(() => alertMessage([item(), item({ resourceId: 'arn:aws:s3:::b', severity: 'LOW' })], CONTEXT)).toThrow(RangeError);
  });
});
