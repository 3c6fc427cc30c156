/**
 * Who we are scanning as: STS GetCallerIdentity, the first AWS call of a CLI scan. It is where the
 * credential chain is first exercised, so its failures are mapped to typed errors the CLI turns into
 * one line: no credentials, rejected credentials, or an endpoint that cannot be reached.
 */
import { CredentialsError, errorCode, errorMessage, PreflightError } from '#shared/core/errors.js';
import { type AwsClientOptions, clientConfig } from './client-config.js';

/** The AWS endpoint could not be reached (refused, unresolvable, timed out): nothing can be scanned. */
export class AwsUnreachableError extends PreflightError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'AwsUnreachableError';
  }
}

export interface CallerIdentity {
  accountId: string;
  arn: string;
}

/** A few quick attempts: an identity call that fails twice will not succeed on the sixth. */
export const IDENTITY_CLIENT_OPTIONS: AwsClientOptions = { maxAttempts: 2, connectionTimeoutMs: 3_000, requestTimeoutMs: 10_000 };

export const NO_CREDENTIALS_MESSAGE = 'no AWS credentials found (set AWS_PROFILE or run aws configure)';

/** AWS answered, but rejected the credentials themselves. */
const REJECTED_CREDENTIAL_CODES = new Set([
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'ExpiredToken',
  'ExpiredTokenException',
  'UnrecognizedClientException',
  'InvalidAccessKeyId',
  'AuthFailure',
]);

/** Socket-level failures: the request never got an answer. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
]);

/** The account and principal the default credential chain (or `options.credentials`) resolves to. */
export async function callerIdentity(region: string, options: AwsClientOptions = {}): Promise<CallerIdentity> {
  // STS's SDK loads with the first call, not with the functions that import this module.
  const { GetCallerIdentityCommand, STSClient } = await import('./on-demand/sts.js');
  const client = new STSClient(clientConfig(region, { ...IDENTITY_CLIENT_OPTIONS, ...options }));
  try {
    const out = await client.send(new GetCallerIdentityCommand({}));
    if (!out.Account) throw new PreflightError('STS GetCallerIdentity returned no account id');
    return { accountId: out.Account, arn: out.Arn ?? '' };
  } catch (error) {
    throw identityError(error);
  } finally {
    client.destroy();
  }
}

/** Maps a GetCallerIdentity failure to CredentialsError / AwsUnreachableError (others pass through). */
export function identityError(error: unknown): unknown {
  if (error instanceof PreflightError) return error;
  const code = errorCode(error);
  const message = errorMessage(error);
  if (code === 'CredentialsProviderError') {
    // The chain's last link says "from any providers"; a named profile that failed says more.
    if (!/from any providers/i.test(message)) {
      return new CredentialsError(`AWS credentials could not be loaded: ${firstLine(message)}`, { cause: error });
    }
    const profile = process.env.AWS_PROFILE;
    return new CredentialsError(
      profile ? `no AWS credentials found for profile ${profile} (check ~/.aws/config, or run aws sso login)` : NO_CREDENTIALS_MESSAGE,
      { cause: error },
    );
  }
  if (code === 'TokenProviderError') {
    return new CredentialsError(`AWS SSO token missing or expired (run aws sso login): ${firstLine(message)}`, { cause: error });
  }
  if (REJECTED_CREDENTIAL_CODES.has(code)) {
    return new CredentialsError(`AWS rejected the credentials (${code}): ${firstLine(message)}`, { cause: error });
  }
  const networkCode = networkCodeOf(error);
  if (networkCode) {
    const endpoint = process.env.AWS_ENDPOINT_URL_STS ?? process.env.AWS_ENDPOINT_URL;
    const where = endpoint ? ` at ${endpoint}` : '';
    return new AwsUnreachableError(`cannot reach AWS STS${where} (${networkCode}); check the network, proxy or AWS_ENDPOINT_URL`, {
      cause: error,
    });
  }
  return error;
}

/** The socket error code of an SDK failure, looking through `cause` and AggregateError. */
function networkCodeOf(error: unknown, depth = 0): string | undefined {
  if (!(error instanceof Error) || depth > 4) return undefined;
  const { code } = error as Error & { code?: unknown };
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return code;
  if (NETWORK_CODES.has(error.name)) return error.name;
  if (error instanceof AggregateError) {
    for (const inner of error.errors) {
      const found = networkCodeOf(inner, depth + 1);
      if (found) return found;
    }
  }
  return networkCodeOf(error.cause, depth + 1);
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0] ?? text;
}
