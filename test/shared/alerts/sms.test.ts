import { describe, expect, it } from 'vitest';
import { fitSms, gsm7Length, toGsm7 } from '#shared/alerts/sms.js';

describe('sms', () => {
  it('keeps a short GSM-7 message as it is', () => {
    const text = '[HIGH] s3-bucket-versioning-enabled FAIL prod-data (eu-west-1): versioning Suspended';
    expect(fitSms(text)).toBe(text);
  });

  it('cuts long messages to one 160-septet segment', () => {
    const long = `[HIGH] s3-bucket-versioning-enabled FAIL ${'a-very-long-bucket-name-'.repeat(4)}x (eu-west-1): versioning is Suspended`;
    const sms = fitSms(long);
    expect(gsm7Length(sms)).toBeLessThanOrEqual(160);
    expect(sms.endsWith('...')).toBe(true);
  });

  it('counts extension characters as two septets', () => {
    expect(gsm7Length('{}')).toBe(4);
    const braces = fitSms('{'.repeat(200));
    expect(gsm7Length(braces)).toBeLessThanOrEqual(160);
  });

  it('transliterates or replaces non-GSM characters so the message stays GSM-7', () => {
    expect(toGsm7('café naïve “quoted” – ő 数据 🚀')).toBe('café naive "quoted" - o ?? ?');
    const sms = fitSms(`données-${'数'.repeat(300)}`);
    expect(Number.isFinite(gsm7Length(sms))).toBe(true);
    expect(gsm7Length(sms)).toBeLessThanOrEqual(160);
  });
});
