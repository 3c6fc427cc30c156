/** ACM of an in-memory account: answers the AcmApi from plain data, as ACM would. */
import type { CertificateDetail, CertificateStatus, CertificateSummary, KeyAlgorithm, RenewalEligibility, RenewalStatus } from '@aws-sdk/client-acm';
import type { AcmApi } from '#shared/aws/services/acm/sdk.js';
import { type MemoryCall, MemoryServiceError, notFound, paginate } from './support.js';

export interface MemoryCertificate {
  /** The id at the end of the ARN (a UUID). */
  id: string;
  domainName: string;
  /** Default `AMAZON_ISSUED`. */
  type?: 'AMAZON_ISSUED' | 'IMPORTED' | 'PRIVATE';
  /** Default `ISSUED`. */
  status?: CertificateStatus;
  /** Default `RSA_2048`. */
  keyAlgorithm?: KeyAlgorithm;
  notBefore?: Date;
  /** Omitted for certificates never issued (pending validation...). */
  notAfter?: Date;
  /** ARNs of the load balancers, distributions... that use it. */
  inUseBy?: string[];
  /** The managed renewal's state, for ACM-issued certificates ACM is renewing. */
  renewalStatus?: RenewalStatus;
  /** Optional summary fields ListCertificates leaves out, as older answers did; DescribeCertificate still has them. */
  listedWithout?: ReadonlyArray<'InUse' | 'NotAfter'>;
}

export interface MemoryAcmState {
  certificates: MemoryCertificate[];
}

export function emptyAcmState(): MemoryAcmState {
  return { certificates: [] };
}

const MAX_ITEMS = 1000;
/** What ListCertificates shows when Includes.keyTypes is not given. */
const DEFAULT_KEY_TYPES: readonly KeyAlgorithm[] = ['RSA_1024', 'RSA_2048'];

export function memoryAcmApi(state: MemoryAcmState, region: string, accountId: string, call: MemoryCall): AcmApi {
  const arnOf = (c: MemoryCertificate) => `arn:aws:acm:${region}:${accountId}:certificate/${c.id}`;
  const inUse = (c: MemoryCertificate) => (c.inUseBy ?? []).length > 0;
  // ACM renews the certificates it issued while they are in use; imported ones never.
  const eligibility = (c: MemoryCertificate): RenewalEligibility => ((c.type ?? 'AMAZON_ISSUED') === 'AMAZON_ISSUED' && inUse(c) ? 'ELIGIBLE' : 'INELIGIBLE');

  /** What the summary and the detail report alike. */
  const common = (c: MemoryCertificate): CertificateSummary & CertificateDetail => ({
    CertificateArn: arnOf(c),
    DomainName: c.domainName,
    Status: c.status ?? 'ISSUED',
    Type: c.type ?? 'AMAZON_ISSUED',
    KeyAlgorithm: c.keyAlgorithm ?? 'RSA_2048',
    RenewalEligibility: eligibility(c),
    NotBefore: c.notBefore,
    NotAfter: c.notAfter,
  });

  const toSummary = (c: MemoryCertificate): CertificateSummary => {
    const summary: CertificateSummary = { ...common(c), SubjectAlternativeNameSummaries: [c.domainName], InUse: inUse(c) };
    for (const field of c.listedWithout ?? []) delete summary[field];
    return summary;
  };

  const toDetail = (c: MemoryCertificate): CertificateDetail => ({
    ...common(c),
    SubjectAlternativeNames: [c.domainName],
    InUseBy: [...(c.inUseBy ?? [])],
    RenewalSummary: c.renewalStatus ? { RenewalStatus: c.renewalStatus, DomainValidationOptions: [], UpdatedAt: new Date() } : undefined,
  });

  return {
    listCertificates: (input) =>
      call('acm', 'ListCertificates', input, () => {
        if (input.MaxItems !== undefined && (input.MaxItems < 1 || input.MaxItems > MAX_ITEMS)) {
          throw new MemoryServiceError('ValidationException', `MaxItems must be between 1 and ${MAX_ITEMS}`);
        }
        const keyTypes = input.Includes?.keyTypes ?? DEFAULT_KEY_TYPES;
        const statuses = input.CertificateStatuses;
        const listed = state.certificates.filter(
          (c) => keyTypes.includes(c.keyAlgorithm ?? 'RSA_2048') && (!statuses || statuses.includes(c.status ?? 'ISSUED')),
        );
        const page = paginate(listed, input.NextToken, input.MaxItems ?? MAX_ITEMS);
        return { CertificateSummaryList: page.items.map(toSummary), NextToken: page.next };
      }),
    describeCertificate: (input) =>
      call('acm', 'DescribeCertificate', input, () => {
        const found = state.certificates.find((c) => arnOf(c) === input.CertificateArn);
        if (!found) throw notFound('ResourceNotFoundException', `Could not find certificate ${input.CertificateArn}.`);
        return { Certificate: toDetail(found) };
      }),
  };
}
