/** Everything Preflight knows about calling SecretsManager: the API surface, its AWS implementation, and the facts reader. */
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { ScanSession } from './scan-session.js';

/** The SecretsManager calls Preflight makes, one method per API operation, for one region's endpoint. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface SecretsManagerApi {}

export function awsSecretsManagerApi(_client: SecretsManagerClient): SecretsManagerApi {
  return {};
}

export class SecretsManagerReader {
  constructor(
    readonly api: (region: string) => SecretsManagerApi,
    readonly session: ScanSession,
    readonly region: string,
    readonly accountId: string,
  ) {}
}
