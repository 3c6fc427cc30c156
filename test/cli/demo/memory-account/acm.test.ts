import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { applyAcmSample } from '../../../../src/cli/demo/sample/acm.js';
import { acmRules } from '../../../../src/rules/acm/index.js';
import { evaluate } from '#shared/engine/engine.js';
import { memoryAcmApi } from '../../../../src/cli/demo/memory-account/acm.js';
import { emptyAccount, ensureRegion, memoryApiProvider } from '../../../../src/cli/demo/memory-account/index.js';
import type { MemoryCall } from '../../../../src/cli/demo/memory-account/support.js';

const ACCOUNT = '123456789012';
const direct: MemoryCall = async (_service, _operation, _input, answer) => answer();
const arnOf = (id: string) => `arn:aws:acm:eu-west-1:${ACCOUNT}:certificate/${id}`;

describe('memory ACM', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-05T12:00:00Z'));
  });
  afterEach(() => vi.useRealTimers());

  it('lists only RSA_1024/RSA_2048 certificates unless Includes.keyTypes asks for more, as ACM does', async () => {
    // Prepare
    const api = memoryAcmApi(
      {
        certificates: [
          { id: 'rsa', domainName: 'rsa.example', inUseBy: ['arn:aws:cloudfront::123456789012:distribution/E1'] },
          { id: 'ec', domainName: 'ec.example', keyAlgorithm: 'EC_prime256v1', type: 'IMPORTED' },
        ],
      },
      'eu-west-1',
      ACCOUNT,
      direct,
    );
    // Act
    const byDefault = await api.listCertificates({});
    const everything = await api.listCertificates({ Includes: { keyTypes: ['RSA_2048', 'EC_prime256v1'] }, MaxItems: 1 });
    const next = await api.listCertificates({ Includes: { keyTypes: ['RSA_2048', 'EC_prime256v1'] }, MaxItems: 1, NextToken: everything.NextToken });
    // Assess
    expect(byDefault.CertificateSummaryList).toEqual([
      expect.objectContaining({ CertificateArn: arnOf('rsa'), Status: 'ISSUED', Type: 'AMAZON_ISSUED', InUse: true, RenewalEligibility: 'ELIGIBLE' }),
    ]);
    expect(next.CertificateSummaryList).toEqual([expect.objectContaining({ CertificateArn: arnOf('ec'), InUse: false, RenewalEligibility: 'INELIGIBLE' })]);
    expect(next.NextToken).toBeUndefined();
    await expect(api.listCertificates({ MaxItems: 1001 })).rejects.toMatchObject({ name: 'ValidationException' });
  });

  it('describes a certificate with who uses it and its renewal, or fails with ResourceNotFoundException', async () => {
    const api = memoryAcmApi(
      { certificates: [{ id: 'api', domainName: 'api.example', inUseBy: ['arn:alb'], renewalStatus: 'PENDING_AUTO_RENEWAL' }] },
      'eu-west-1',
      ACCOUNT,
      direct,
    );

    const out = await api.describeCertificate({ CertificateArn: arnOf('api') });

    expect(out.Certificate).toMatchObject({ InUseBy: ['arn:alb'], RenewalSummary: { RenewalStatus: 'PENDING_AUTO_RENEWAL' } });
    await expect(api.describeCertificate({ CertificateArn: arnOf('gone') })).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('can answer ListCertificates as older ACM did, without InUse and NotAfter: the rule then describes the certificate', async () => {
    const account = emptyAccount(ACCOUNT);
    const region = ensureRegion(account, 'eu-west-1');
    region.acm.certificates.push({
      id: 'old-api',
      domainName: 'old-api.example',
      notAfter: new Date('2026-03-15T12:00:00Z'),
      inUseBy: ['arn:alb'],
      listedWithout: ['InUse', 'NotAfter'],
    });
    const calls: string[] = [];

    const listed = await memoryAcmApi(region.acm, 'eu-west-1', ACCOUNT, direct).listCertificates({});
    const { findings } = await evaluate({
      accountId: ACCOUNT,
      regions: ['eu-west-1'],
      rules: acmRules.map((r) => r.bind()),
      apis: memoryApiProvider(account, { onCall: (c) => calls.push(c.operation) }),
    });

    expect(listed.CertificateSummaryList?.[0]).not.toHaveProperty('InUse');
    expect(listed.CertificateSummaryList?.[0]).not.toHaveProperty('NotAfter');
    expect(findings.map((f) => `${f.status}: ${f.reason}`)).toEqual([
      'FAIL: certificate old-api.example (old-api) expires on 2026-03-15, in 10 days, within the required 30; it is eligible for ACM managed renewal, which has not started',
    ]);
    expect(calls).toEqual(['ListCertificates', 'DescribeCertificate']);
  });

  it('gives the demo sample its verdicts from one listing', async () => {
    const account = emptyAccount(ACCOUNT);
    applyAcmSample(account);
    const calls: string[] = [];

    const { findings } = await evaluate({
      accountId: ACCOUNT,
      regions: ['eu-west-1'],
      rules: acmRules.map((r) => r.bind()),
      apis: memoryApiProvider(account, { onCall: (c) => calls.push(c.operation) }),
    });

    expect(findings.map((f) => `${f.status}: ${f.reason}`)).toEqual([
      'FAIL: certificate legacy.retainwise.example (0a9b8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d) expires on 2026-03-26, in 20 days, within the required 30; ACM never renews imported certificates: import a renewed one',
      'PASS: certificate api.retainwise.example (6f1c2a4e-8b3d-4e5f-9a70-1b2c3d4e5f60) expires on 2026-09-22, in 200 days (more than 30)',
    ]);
    expect(calls).toEqual(['ListCertificates']);
  });
});
