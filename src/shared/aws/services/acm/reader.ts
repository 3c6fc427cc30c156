/**
 * Everything Preflight knows about calling ACM: the facts reader (the commands it sends are listed in
 * sdk.ts). A sweep lists the region's certificates once (every key type: by default ListCertificates
 * shows only RSA_1024 and RSA_2048 ones); a targeted evaluation, or a fact the
 * listing lacks (the renewal status; InUse or NotAfter, which are optional in a summary and which
 * older answers omit), asks DescribeCertificate for that one certificate.
 */
import type { CertificateDetail, CertificateSummary, KeyAlgorithm, ListCertificatesResponse } from '@aws-sdk/client-acm';
import type { AcmApi } from './sdk.js';
import { ServiceReader, findOrGone, gone, page, type Resource } from '../../reader-base.js';

export interface CertificateFacts {
  arn: string;
  domainName: string;
  /** `ISSUED`, `PENDING_VALIDATION`, `EXPIRED`, `REVOKED`... */
  status: string;
  /** `AMAZON_ISSUED`, `IMPORTED` or `PRIVATE`. */
  type?: string;
  /** Whether an AWS resource (load balancer, distribution, API...) uses it. */
  inUse: boolean;
  /** The resources using it; only DescribeCertificate says which. */
  inUseBy?: readonly string[];
  notAfter?: Date;
  /** `ELIGIBLE` when ACM can renew it without the owner. */
  renewalEligibility?: string;
  /** `PENDING_AUTO_RENEWAL`, `PENDING_VALIDATION`, `SUCCESS`, `FAILED`; only DescribeCertificate says. */
  renewalStatus?: string;
}

/** Every key type ACM issues or imports, so that the listing leaves none out. */
export const ALL_KEY_TYPES: readonly KeyAlgorithm[] = ['RSA_1024', 'RSA_2048', 'RSA_3072', 'RSA_4096', 'EC_prime256v1', 'EC_secp384r1', 'EC_secp521r1'];

/** A certificate as ListCertificates summarizes it: InUse may be missing there (older answers omit it). */
interface ListedCertificate extends Omit<CertificateFacts, 'inUse'> {
  inUse?: boolean;
}

/** Statuses of certificates that were never issued, and so have no expiry date anywhere. */
const NEVER_ISSUED: ReadonlySet<string> = new Set(['PENDING_VALIDATION', 'VALIDATION_TIMED_OUT', 'FAILED']);

const CERTIFICATE_NOT_FOUND = new Set(['ResourceNotFoundException']);

/** The largest page ListCertificates serves. */
const PAGE_SIZE = 1000;

function summaryFacts(summary: CertificateSummary): ListedCertificate | undefined {
  if (!summary.CertificateArn) return undefined;
  return {
    arn: summary.CertificateArn,
    domainName: summary.DomainName ?? summary.CertificateArn,
    status: summary.Status ?? 'unknown',
    type: summary.Type,
    inUse: summary.InUse,
    notAfter: summary.NotAfter,
    renewalEligibility: summary.RenewalEligibility,
  };
}

function detailFacts(detail: CertificateDetail | undefined): CertificateFacts | undefined {
  if (!detail?.CertificateArn) return undefined;
  const inUseBy = detail.InUseBy ?? [];
  return {
    arn: detail.CertificateArn,
    domainName: detail.DomainName ?? detail.CertificateArn,
    status: detail.Status ?? 'unknown',
    type: detail.Type,
    inUse: inUseBy.length > 0,
    inUseBy,
    notAfter: detail.NotAfter,
    renewalEligibility: detail.RenewalEligibility,
    renewalStatus: detail.RenewalSummary?.RenewalStatus,
  };
}

/** A ListCertificates answer, as a page of facts. */
const certificatePage = (out: ListCertificatesResponse) => page(out.CertificateSummaryList, summaryFacts, out.NextToken);

/** A certificate: once deleted, its finding closes with a sentence naming it by its id. */
function certificateNamed(arn: string): Resource {
  return { name: arn, reason: `certificate ${arn.split('/').pop() ?? arn} no longer exists` };
}

export class AcmReader extends ServiceReader<AcmApi> {
  protected readonly service = 'acm';

  /** Every certificate of the region, whatever its status or key type, all pages, as listed. */
  certificates(): Promise<readonly ListedCertificate[]> {
    return this.listing('certificates', 'ListCertificates', async (api, NextToken) =>
      certificatePage(await api.listCertificates({ Includes: { keyTypes: [...ALL_KEY_TYPES] }, MaxItems: PAGE_SIZE, NextToken })),
    );
  }

  /**
   * One certificate: from the sweep's listing when its summary says whether it is in use and when it
   * expires, else DescribeCertificate (never a guess: a summary without InUse is not "unused", one
   * without NotAfter may well have an expiry date unless the certificate was never issued).
   */
  async certificate(arn: string): Promise<CertificateFacts> {
    if (this.known('certificates')) {
      const found = findOrGone(await this.certificates(), (c) => c.arn === arn, certificateNamed(arn));
      const { inUse } = found;
      if (inUse !== undefined && (found.notAfter !== undefined || NEVER_ISSUED.has(found.status))) return { ...found, inUse };
    }
    return this.details(arn);
  }

  /** Everything DescribeCertificate says about one certificate (renewal status, who uses it), memoized. */
  details(arn: string): Promise<CertificateFacts> {
    return this.fact(`certificate:${arn}`, async () => {
      const certificate = certificateNamed(arn);
      const out = await this.sendAbout(certificate, CERTIFICATE_NOT_FOUND, 'DescribeCertificate', (api) => api.describeCertificate({ CertificateArn: arn }));
      const facts = detailFacts(out.Certificate);
      if (!facts) throw gone(certificate);
      return facts;
    });
  }
}
