import * as z from 'zod';
import type { AcmReader, CertificateFacts } from '#shared/aws/services/acm/reader.js';
import { errorCode } from '#shared/core/errors.js';
import { type CloudTrailDetail, defineRule, fail, notApplicable, pass, stringAt } from '../define-rule.js';

const params = z
  .object({
    /** A certificate must stay valid more than this many days (ACM.1's default is 30; seed 002 asks 90). */
    minDaysToExpiry: z.number().int().min(0).default(30),
    /** Also judge certificates no AWS resource uses. */
    includeUnused: z.boolean().default(false),
  })
  .strict();

const DAY_MS = 86_400_000;

function days(count: number): string {
  return `${count} day${count === 1 ? '' : 's'}`;
}

const RENEWAL_NOTES: Readonly<Record<string, string>> = {
  PENDING_AUTO_RENEWAL: "ACM's managed renewal is pending (PENDING_AUTO_RENEWAL)",
  PENDING_VALIDATION: "ACM's managed renewal waits for domain validation (PENDING_VALIDATION)",
  FAILED: "ACM's managed renewal FAILED",
  SUCCESS: 'ACM reports its managed renewal as SUCCESS, yet the certificate in use still expires',
};

/**
 * Why a failing certificate is not renewed yet. ACM-issued certificates eligible for managed renewal
 * still fail on their expiry date: a renewal that has not happened does not protect anyone. Only
 * DescribeCertificate knows the renewal status; an error there is recorded, not fatal.
 */
async function renewalNote(acm: AcmReader, cert: CertificateFacts, evidence: Record<string, unknown>): Promise<string> {
  if (cert.type === 'IMPORTED') return '; ACM never renews imported certificates: import a renewed one';
  if (cert.renewalEligibility !== 'ELIGIBLE') return '; it is not eligible for ACM managed renewal';
  let status = cert.renewalStatus;
  if (status === undefined) {
    try {
      status = (await acm.details(cert.arn)).renewalStatus;
    } catch (error) {
      // The verdict stands on the expiry date; the evidence says why the renewal status is missing.
      evidence.renewalCheckError = errorCode(error);
      return '; it is eligible for ACM managed renewal';
    }
  }
  evidence.renewalStatus = status ?? null;
  return `; ${status ? (RENEWAL_NOTES[status] ?? `ACM's managed renewal is ${status}`) : 'it is eligible for ACM managed renewal, which has not started'}`;
}

/** RequestCertificate / ImportCertificate answer the ARN; the other calls name it in the request. */
function certificateFromEvent(detail: CloudTrailDetail): string[] {
  const arn = stringAt(detail.responseElements, 'certificateArn') ?? stringAt(detail.requestParameters, 'certificateArn');
  return arn ? [arn] : [];
}

/** Resources are certificate ARNs (the finding ids too). */
export const acmCertificateNotExpiring = defineRule({
  id: 'acm-certificate-not-expiring',
  title: 'Certificates in use stay valid well before their expiry',
  description:
    'Every ACM certificate in use by an AWS resource (InUse / InUseBy) expires in more than `minDaysToExpiry` days ' +
    '(default 30, as Security Hub ACM.1; seed 002 asks 90 days: set it to 90 to follow the seed). Expired certificates ' +
    'fail. ACM-issued certificates eligible for managed renewal are still judged on their expiry date, and the reason ' +
    'says where their renewal stands. Unused certificates are NOT_APPLICABLE unless `includeUnused` is true. When a ' +
    'ListCertificates summary lacks InUse or NotAfter (optional fields older answers omit), DescribeCertificate ' +
    '(InUseBy, NotAfter) decides, and the finding is ERROR if it cannot be read.',
  absentFields:
    'A ListCertificates summary without InUse or NotAfter is completed by DescribeCertificate (ERROR when that ' +
    'cannot be read). A certificate DescribeCertificate reports without InUseBy is used by nothing (NOT_APPLICABLE ' +
    'unless includeUnused); one without NotAfter has no expiry date yet, as before it is issued: NOT_APPLICABLE.',
  severity: 'HIGH',
  resourceType: 'AWS::CertificateManager::Certificate',
  checklist: { source: '002 Phase 7 › Final Checks (T-2 hours)', item: 'SSL certificate valid for 90+ days' },
  controls: { securityHub: ['ACM.1'], awsConfig: 'acm-certificate-expiration-check' },
  iamActions: ['acm:ListCertificates', 'acm:DescribeCertificate'],
  triggers: [
    {
      eventSource: 'acm.amazonaws.com',
      eventNames: ['ImportCertificate', 'RequestCertificate', 'DeleteCertificate', 'RenewCertificate'],
      resourceNames: certificateFromEvent,
    },
  ],
  remediation: {
    text: 'Re-import a renewed certificate (imported ones), or complete the domain validation of the managed renewal (ACM-issued ones).',
    cli: 'aws acm import-certificate --certificate-arn <certificate-arn> --certificate fileb://cert.pem --private-key fileb://key.pem --certificate-chain fileb://chain.pem',
  },
  params,
  resources: async ({ acm }) => (await acm.certificates()).map((cert) => cert.arn),
  async evaluate({ acm }, arn, { now, params: { minDaysToExpiry: min, includeUnused } }) {
    const cert = await acm.certificate(arn);
    const label = `certificate ${cert.domainName} (${arn.split('/').pop() ?? arn})`;
    const evidence: Record<string, unknown> = {
      status: cert.status,
      type: cert.type ?? null,
      inUse: cert.inUse,
      inUseBy: cert.inUseBy ?? null,
      notAfter: cert.notAfter?.toISOString() ?? null,
      renewalEligibility: cert.renewalEligibility ?? null,
      minDaysToExpiry: min,
    };
    if (!cert.inUse && !includeUnused) return notApplicable(`${label} is not in use by any AWS resource`, evidence);
    if (!cert.notAfter) return notApplicable(`${label} is ${cert.status} and has no expiry date yet`, evidence);

    const date = cert.notAfter.toISOString().slice(0, 10);
    const remaining = cert.notAfter.getTime() - now.getTime();
    if (remaining <= 0) {
      const ago = Math.floor(-remaining / DAY_MS);
      return fail(`${label} expired on ${date} (${days(ago)} ago)${await renewalNote(acm, cert, evidence)}`, evidence);
    }
    const left = Math.floor(remaining / DAY_MS);
    if (left > min) return pass(`${label} expires on ${date}, in ${days(left)} (more than ${min})`, evidence);
    return fail(`${label} expires on ${date}, in ${days(left)}, within the required ${min}${await renewalNote(acm, cert, evidence)}`, evidence);
  },
});
