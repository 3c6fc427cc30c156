/** Everything Preflight knows about calling Iam: the API surface, its AWS implementation, and the facts reader. */
import type { IAMClient } from '@aws-sdk/client-iam';
import type { ScanSession } from './scan-session.js';

/** The Iam calls Preflight makes, one method per API operation, for one region's endpoint. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface IamApi {}

export function awsIamApi(_client: IAMClient): IamApi {
  return {};
}

export class IamReader {
  constructor(
    readonly api: (region: string) => IamApi,
    readonly session: ScanSession,
    readonly region: string,
    readonly accountId: string,
  ) {}
}
