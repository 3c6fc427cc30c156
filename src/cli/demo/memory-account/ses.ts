/** SES (API v2) of an in-memory account: answers the SesApi from plain data, as SES would, one region at a time. */
import type { IdentityType, VerificationStatus } from '@aws-sdk/client-sesv2';
import type { SesApi } from '#shared/aws/services/ses/sdk.js';
import { type MemoryCall, MemoryServiceError, paginate } from './support.js';

export interface MemoryEmailIdentity {
  /** A domain (`retainwise.io`) or an address (`alerts@retainwise.io`). */
  name: string;
  /** Default SUCCESS (verified). */
  verificationStatus?: VerificationStatus;
}

export interface MemorySesState {
  /** false (the default for a new account) = in the sandbox in this region. */
  productionAccessEnabled: boolean;
  /** Default true. */
  sendingEnabled: boolean;
  /** HEALTHY (default), PROBATION or SHUTDOWN. */
  enforcementStatus?: string;
  /** Status of a production access request, if one was made. */
  reviewStatus?: 'PENDING' | 'FAILED' | 'GRANTED' | 'DENIED';
  identities: MemoryEmailIdentity[];
}

export function emptySesState(): MemorySesState {
  return { productionAccessEnabled: false, sendingEnabled: true, identities: [] };
}

// ListEmailIdentities accepts PageSize 1..1000.
const MAX_PAGE_SIZE = 1000;

export function memorySesApi(state: MemorySesState, _region: string, _accountId: string, call: MemoryCall): SesApi {
  return {
    getAccount: (input) =>
      call('ses', 'GetAccount', input, () => ({
        ProductionAccessEnabled: state.productionAccessEnabled,
        SendingEnabled: state.sendingEnabled,
        EnforcementStatus: state.enforcementStatus ?? 'HEALTHY',
        DedicatedIpAutoWarmupEnabled: false,
        // The sandbox allows 200 messages a day at 1 per second.
        SendQuota: state.productionAccessEnabled
          ? { Max24HourSend: 50000, MaxSendRate: 14, SentLast24Hours: 0 }
          : { Max24HourSend: 200, MaxSendRate: 1, SentLast24Hours: 0 },
        ...(state.reviewStatus
          ? { Details: { MailType: 'TRANSACTIONAL' as const, ReviewDetails: { Status: state.reviewStatus, CaseId: 'sample-case' } } }
          : {}),
      })),
    listEmailIdentities: (input) =>
      call('ses', 'ListEmailIdentities', input, () => {
        if (input.PageSize !== undefined && (input.PageSize < 1 || input.PageSize > MAX_PAGE_SIZE)) {
          throw new MemoryServiceError('BadRequestException', `PageSize must be between 1 and ${MAX_PAGE_SIZE}`);
        }
        const page = paginate(state.identities, input.NextToken, input.PageSize ?? MAX_PAGE_SIZE);
        return {
          EmailIdentities: page.items.map((identity) => {
            const status = identity.verificationStatus ?? 'SUCCESS';
            const type: IdentityType = identity.name.includes('@') ? 'EMAIL_ADDRESS' : 'DOMAIN';
            return { IdentityName: identity.name, IdentityType: type, VerificationStatus: status, SendingEnabled: status === 'SUCCESS' };
          }),
          NextToken: page.next,
        };
      }),
  };
}
