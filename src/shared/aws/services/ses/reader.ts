/**
 * Everything Preflight knows about calling SES (API v2): the facts reader (the commands it sends are listed in sdk.ts). SES accounts are regional: sandbox, sending and identities are per region.
 */
import type { SesApi } from './sdk.js';
import { ServiceReader, page } from '../../reader-base.js';
import type { IdentityInfo, ListEmailIdentitiesResponse } from '@aws-sdk/client-sesv2';

/**
 * GetAccount as answered: every field of its response is optional in the API, and undefined here means
 * the answer did not contain it (never read as false).
 */
export interface SesAccountFacts {
  /** false = the account is in the sandbox in this region. */
  productionAccessEnabled?: boolean;
  sendingEnabled?: boolean;
  /** HEALTHY, PROBATION or SHUTDOWN. */
  enforcementStatus?: string;
  /** Status of the last production access request (PENDING, GRANTED, DENIED, FAILED), if any. */
  reviewStatus?: string;
  /** Messages per 24 hours; -1 = no limit. */
  max24HourSend?: number;
  /** Messages per second. */
  maxSendRate?: number;
}

export interface EmailIdentityFacts {
  name: string;
  /** EMAIL_ADDRESS, DOMAIN or MANAGED_DOMAIN. */
  type: string;
  /** SUCCESS once verified; PENDING, FAILED, TEMPORARY_FAILURE, NOT_STARTED otherwise. */
  verificationStatus: string;
  /** Whether mail can be sent from it (SES allows it only once the identity is verified). */
  sendingEnabled: boolean;
}

/** Verified: VerificationStatus SUCCESS; responses that predate that field fall back to SendingEnabled. */
export function isVerified(identity: EmailIdentityFacts): boolean {
  return identity.verificationStatus === 'unknown' ? identity.sendingEnabled : identity.verificationStatus === 'SUCCESS';
}

// ListEmailIdentities accepts up to 1000 per page.
const PAGE_SIZE = 1000;

function identityFacts(identity: IdentityInfo): EmailIdentityFacts | undefined {
  if (!identity.IdentityName) return undefined;
  return {
    name: identity.IdentityName,
    type: identity.IdentityType ?? 'unknown',
    verificationStatus: identity.VerificationStatus ?? 'unknown',
    sendingEnabled: identity.SendingEnabled === true,
  };
}

/** A ListEmailIdentities answer, as a page of facts. */
const identityPage = (out: ListEmailIdentitiesResponse) => page(out.EmailIdentities, identityFacts, out.NextToken);

export class SesReader extends ServiceReader<SesApi> {
  protected readonly service = 'ses';

  account(): Promise<SesAccountFacts> {
    return this.fact('account', async () => {
      const out = await this.send('GetAccount', (api) => api.getAccount({}));
      return {
        productionAccessEnabled: out.ProductionAccessEnabled,
        sendingEnabled: out.SendingEnabled,
        enforcementStatus: out.EnforcementStatus || undefined,
        reviewStatus: out.Details?.ReviewDetails?.Status || undefined,
        max24HourSend: out.SendQuota?.Max24HourSend,
        maxSendRate: out.SendQuota?.MaxSendRate,
      };
    });
  }

  /** Every email identity (domain or address) of the region, verified or not, all pages. */
  emailIdentities(): Promise<readonly EmailIdentityFacts[]> {
    return this.listing('identities', 'ListEmailIdentities', async (api, NextToken) =>
      identityPage(await api.listEmailIdentities({ PageSize: PAGE_SIZE, NextToken })),
    );
  }
}
