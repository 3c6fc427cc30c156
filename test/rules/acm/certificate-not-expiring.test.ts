import { ACMClient, type CertificateDetail, type CertificateSummary, DescribeCertificateCommand, ListCertificatesCommand } from '@aws-sdk/client-acm';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { acmCertificateNotExpiring as rule } from '../../../src/rules/acm/certificate-not-expiring.js';
import { ALL_KEY_TYPES } from '#shared/aws/services/acm/reader.js';
import { accessDenied, ACCOUNT, awsError, REGION, runRule, throttled, verdicts } from '../../helpers/aws.js';

const acm = mockClient(ACMClient);

const NOW = new Date('2026-03-05T12:00:00Z');
const inDays = (days: number) => new Date(NOW.getTime() + days * 86_400_000);
const arnOf = (id: string) => `arn:aws:acm:${REGION}:${ACCOUNT}:certificate/${id}`;
const ALB = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:loadbalancer/app/retainwise-alb/50dc6c495c0c9188`;

/** An issued, in-use, ACM-issued certificate as ListCertificates summarizes it. */
function summary(id: string, domain: string, expiresInDays: number, overrides: Partial<CertificateSummary> = {}): CertificateSummary {
  return {
    CertificateArn: arnOf(id),
    DomainName: domain,
    Status: 'ISSUED',
    Type: 'AMAZON_ISSUED',
    KeyAlgorithm: 'RSA_2048',
    InUse: true,
    RenewalEligibility: 'ELIGIBLE',
    NotAfter: inDays(expiresInDays),
    ...overrides,
  };
}

function detail(id: string, domain: string, expiresInDays: number, overrides: Partial<CertificateDetail> = {}): CertificateDetail {
  return {
    CertificateArn: arnOf(id),
    DomainName: domain,
    Status: 'ISSUED',
    Type: 'AMAZON_ISSUED',
    InUseBy: [ALB],
    RenewalEligibility: 'ELIGIBLE',
    NotAfter: inDays(expiresInDays),
    ...overrides,
  };
}

function certificates(...list: CertificateSummary[]) {
  acm.on(ListCertificatesCommand).resolves({ CertificateSummaryList: list });
}

describe('acm-certificate-not-expiring', () => {
  beforeEach(() => {
    acm.reset();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
  });
  afterEach(() => vi.useRealTimers());

  it('passes an in-use certificate that expires in more than 30 days', async () => {
    // Prepare
    certificates(summary('api', 'api.retainwise.example', 200));
    // Act
    const { findings } = await runRule(rule);
    // Assess
    expect(verdicts(findings)).toEqual({
      api: 'PASS: certificate api.retainwise.example (api) expires on 2026-09-21, in 200 days (more than 30)',
    });
    expect(findings[0]).toMatchObject({
      resourceId: arnOf('api'),
      resourceType: 'AWS::CertificateManager::Certificate',
      severity: 'HIGH',
      evidence: { status: 'ISSUED', type: 'AMAZON_ISSUED', inUse: true, notAfter: '2026-09-21T12:00:00.000Z', minDaysToExpiry: 30 },
    });
    // A passing certificate needs nothing the listing lacks.
    expect(acm).not.toHaveReceivedCommand(DescribeCertificateCommand);
  });

  it('fails an imported certificate expiring within 30 days, and an expired one', async () => {
    certificates(
      summary('legacy', 'legacy.retainwise.example', 20, { Type: 'IMPORTED', RenewalEligibility: 'INELIGIBLE' }),
      summary('old', 'old.retainwise.example', -3, { Type: 'IMPORTED', Status: 'EXPIRED', RenewalEligibility: 'INELIGIBLE' }),
    );

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      legacy:
        'FAIL: certificate legacy.retainwise.example (legacy) expires on 2026-03-25, in 20 days, within the required 30; ACM never renews imported certificates: import a renewed one',
      old: 'FAIL: certificate old.retainwise.example (old) expired on 2026-03-02 (3 days ago); ACM never renews imported certificates: import a renewed one',
    });
  });

  it('still fails an ACM-issued certificate eligible for renewal, saying where its renewal stands', async () => {
    certificates(
      summary('pending', 'pending.retainwise.example', 10),
      summary('quiet', 'quiet.retainwise.example', 25),
      summary('unknown', 'unknown.retainwise.example', 5),
      summary('stuck', 'stuck.retainwise.example', 12, { RenewalEligibility: 'INELIGIBLE' }),
    );
    acm.on(DescribeCertificateCommand, { CertificateArn: arnOf('pending') }).resolves({
      Certificate: detail('pending', 'pending.retainwise.example', 10, {
        RenewalSummary: { RenewalStatus: 'PENDING_VALIDATION', DomainValidationOptions: [], UpdatedAt: NOW },
      }),
    });
    acm.on(DescribeCertificateCommand, { CertificateArn: arnOf('quiet') }).resolves({ Certificate: detail('quiet', 'quiet.retainwise.example', 25) });
    acm.on(DescribeCertificateCommand, { CertificateArn: arnOf('unknown') }).rejects(accessDenied());

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      pending:
        "FAIL: certificate pending.retainwise.example (pending) expires on 2026-03-15, in 10 days, within the required 30; ACM's managed renewal waits for domain validation (PENDING_VALIDATION)",
      quiet:
        'FAIL: certificate quiet.retainwise.example (quiet) expires on 2026-03-30, in 25 days, within the required 30; it is eligible for ACM managed renewal, which has not started',
      unknown:
        'FAIL: certificate unknown.retainwise.example (unknown) expires on 2026-03-10, in 5 days, within the required 30; it is eligible for ACM managed renewal',
      stuck:
        'FAIL: certificate stuck.retainwise.example (stuck) expires on 2026-03-17, in 12 days, within the required 30; it is not eligible for ACM managed renewal',
    });
    expect(findings.find((f) => f.resourceName === 'unknown')?.evidence).toMatchObject({ renewalCheckError: 'AccessDenied' });
    expect(findings.find((f) => f.resourceName === 'pending')?.evidence).toMatchObject({ renewalStatus: 'PENDING_VALIDATION' });
  });

  it('is NOT_APPLICABLE for unused certificates unless includeUnused, and for ones never issued', async () => {
    certificates(
      summary('spare', 'spare.retainwise.example', 10, { InUse: false, RenewalEligibility: 'INELIGIBLE' }),
      summary('new', 'new.retainwise.example', 0, { InUse: false, Status: 'PENDING_VALIDATION', NotAfter: undefined }),
    );

    const strict = await runRule(rule);
    const all = await runRule(rule, { params: { includeUnused: true } });

    expect(verdicts(strict.findings)).toEqual({
      spare: 'NOT_APPLICABLE: certificate spare.retainwise.example (spare) is not in use by any AWS resource',
      new: 'NOT_APPLICABLE: certificate new.retainwise.example (new) is not in use by any AWS resource',
    });
    expect(verdicts(all.findings)).toEqual({
      spare:
        'FAIL: certificate spare.retainwise.example (spare) expires on 2026-03-15, in 10 days, within the required 30; it is not eligible for ACM managed renewal',
      new: 'NOT_APPLICABLE: certificate new.retainwise.example (new) is PENDING_VALIDATION and has no expiry date yet',
    });
  });

  describe('when a ListCertificates summary lacks InUse or NotAfter (optional fields older answers omit)', () => {
    it('reads them from DescribeCertificate instead: PASS, FAIL and NOT_APPLICABLE as InUseBy and NotAfter say', async () => {
      // Prepare
      certificates(
        summary('api', 'api.retainwise.example', 200, { InUse: undefined }),
        summary('www', 'www.retainwise.example', 0, { NotAfter: undefined }),
        summary('spare', 'spare.retainwise.example', 0, { InUse: undefined, NotAfter: undefined }),
        summary('complete', 'complete.retainwise.example', 300),
      );
      acm.on(DescribeCertificateCommand, { CertificateArn: arnOf('api') }).resolves({ Certificate: detail('api', 'api.retainwise.example', 200) });
      acm.on(DescribeCertificateCommand, { CertificateArn: arnOf('www') }).resolves({
        Certificate: detail('www', 'www.retainwise.example', 12, {
          RenewalSummary: { RenewalStatus: 'PENDING_AUTO_RENEWAL', DomainValidationOptions: [], UpdatedAt: NOW },
        }),
      });
      acm
        .on(DescribeCertificateCommand, { CertificateArn: arnOf('spare') })
        .resolves({ Certificate: detail('spare', 'spare.retainwise.example', 5, { InUseBy: [] }) });
      // Act
      const { findings } = await runRule(rule);
      // Assess
      expect(verdicts(findings)).toEqual({
        api: 'PASS: certificate api.retainwise.example (api) expires on 2026-09-21, in 200 days (more than 30)',
        www: "FAIL: certificate www.retainwise.example (www) expires on 2026-03-17, in 12 days, within the required 30; ACM's managed renewal is pending (PENDING_AUTO_RENEWAL)",
        spare: 'NOT_APPLICABLE: certificate spare.retainwise.example (spare) is not in use by any AWS resource',
        complete: 'PASS: certificate complete.retainwise.example (complete) expires on 2026-12-30, in 300 days (more than 30)',
      });
      expect(findings.find((f) => f.resourceName === 'api')?.evidence).toMatchObject({ inUse: true, inUseBy: [ALB] });
      // One DescribeCertificate per incomplete summary, none for the complete one.
      expect(acm).toHaveReceivedCommandTimes(DescribeCertificateCommand, 3);
      expect(acm).not.toHaveReceivedCommandWith(DescribeCertificateCommand, { CertificateArn: arnOf('complete') });
    });

    it('is ERROR, not NOT_APPLICABLE, when that DescribeCertificate is denied', async () => {
      certificates(summary('api', 'api.retainwise.example', 200, { InUse: undefined, NotAfter: undefined }));
      acm.on(DescribeCertificateCommand).rejects(accessDenied());

      const { findings } = await runRule(rule);

      expect(verdicts(findings)).toEqual({ api: 'ERROR: AccessDenied: User is not authorized to perform this action' });
    });

    it('describes the incomplete certificates of every page of the listing', async () => {
      acm
        .on(ListCertificatesCommand)
        .resolvesOnce({ CertificateSummaryList: [summary('a', 'a.example', 100, { InUse: undefined, NotAfter: undefined })], NextToken: 'c1' })
        .resolvesOnce({ CertificateSummaryList: [summary('b', 'b.example', 100), summary('c', 'c.example', 100, { NotAfter: undefined })] });
      acm.on(DescribeCertificateCommand, { CertificateArn: arnOf('a') }).resolves({ Certificate: detail('a', 'a.example', 10) });
      acm.on(DescribeCertificateCommand, { CertificateArn: arnOf('c') }).resolves({ Certificate: detail('c', 'c.example', 100) });

      const { findings } = await runRule(rule);

      expect(findings.map((f) => `${f.resourceName} ${f.status}`).sort()).toEqual(['a FAIL', 'b PASS', 'c PASS']);
      expect(acm).toHaveReceivedCommandTimes(ListCertificatesCommand, 2);
      expect(acm).toHaveReceivedCommandTimes(DescribeCertificateCommand, 2);
    });
  });

  it('follows minDaysToExpiry (seed 002 asks 90 days)', async () => {
    certificates(summary('api', 'api.retainwise.example', 60), summary('www', 'www.retainwise.example', 91));
    acm.on(DescribeCertificateCommand).resolves({ Certificate: detail('api', 'api.retainwise.example', 60) });

    const { findings } = await runRule(rule, { params: { minDaysToExpiry: 90 } });

    expect(findings.map((f) => `${f.resourceName} ${f.status}`)).toEqual(['api FAIL', 'www PASS']);
    expect(() => rule.bind({ minDaysToExpiry: -1 })).toThrow(/minDaysToExpiry/);
  });

  it('is NOT_APPLICABLE when the region has no certificate', async () => {
    certificates();

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({ [`${ACCOUNT}/eu-west-1`]: 'NOT_APPLICABLE: no AWS::CertificateManager::Certificate in eu-west-1' });
  });

  it('is one account-level ERROR when the certificates cannot be listed', async () => {
    acm.on(ListCertificatesCommand).rejects(accessDenied());

    const { findings, complete } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      [`${ACCOUNT}/eu-west-1`]: 'ERROR: could not list resources: AccessDenied: User is not authorized to perform this action',
    });
    expect(complete).toEqual([]);
  });

  it('is ERROR, not PASS, when a targeted DescribeCertificate is throttled', async () => {
    acm.on(DescribeCertificateCommand).rejects(throttled());

    const { findings } = await runRule(rule, { target: { region: 'eu-west-1', resourceNames: [arnOf('api')] } });

    expect(verdicts(findings)).toEqual({ api: 'ERROR: ThrottlingException: Rate exceeded' });
  });

  it('reads every page of ListCertificates, asking for every key type', async () => {
    acm
      .on(ListCertificatesCommand)
      .resolvesOnce({ CertificateSummaryList: [summary('a', 'a.example', 100), summary('b', 'b.example', 100)], NextToken: 'c1' })
      .resolvesOnce({ CertificateSummaryList: [summary('c', 'c.example', 100, { KeyAlgorithm: 'EC_prime256v1' })], NextToken: 'c2' })
      .resolvesOnce({ CertificateSummaryList: [summary('d', 'd.example', 100)] });

    const { findings } = await runRule(rule);

    expect(findings.map((f) => `${f.resourceName} ${f.status}`).sort()).toEqual(['a PASS', 'b PASS', 'c PASS', 'd PASS']);
    expect(acm).toHaveReceivedCommandTimes(ListCertificatesCommand, 3);
    expect(acm).toHaveReceivedNthCommandWith(ListCertificatesCommand, 1, { Includes: { keyTypes: [...ALL_KEY_TYPES] }, MaxItems: 1000 });
    expect(acm).toHaveReceivedNthCommandWith(ListCertificatesCommand, 2, { NextToken: 'c1' });
    expect(acm).toHaveReceivedNthCommandWith(ListCertificatesCommand, 3, { NextToken: 'c2' });
  });

  it('re-evaluates one certificate named by an event with one DescribeCertificate', async () => {
    acm.on(DescribeCertificateCommand, { CertificateArn: arnOf('api') }).resolves({
      Certificate: detail('api', 'api.retainwise.example', 7, {
        RenewalSummary: { RenewalStatus: 'PENDING_AUTO_RENEWAL', DomainValidationOptions: [], UpdatedAt: NOW },
      }),
    });

    const { findings } = await runRule(rule, { target: { region: 'eu-west-1', resourceNames: [arnOf('api')] } });

    expect(verdicts(findings)).toEqual({
      api: "FAIL: certificate api.retainwise.example (api) expires on 2026-03-12, in 7 days, within the required 30; ACM's managed renewal is pending (PENDING_AUTO_RENEWAL)",
    });
    expect(findings[0]?.evidence).toMatchObject({ inUseBy: [ALB] });
    expect(acm).toHaveReceivedCommandTimes(DescribeCertificateCommand, 1);
    expect(acm).not.toHaveReceivedCommand(ListCertificatesCommand);
  });

  it('closes the finding (RESOLVED) when the named certificate no longer exists', async () => {
    acm.on(DescribeCertificateCommand).rejects(awsError('ResourceNotFoundException', 'Could not find certificate'));

    const { findings } = await runRule(rule, { target: { region: 'eu-west-1', resourceNames: [arnOf('reports')] } });

    expect(verdicts(findings)).toEqual({ reports: 'RESOLVED: certificate reports no longer exists' });
  });
});
