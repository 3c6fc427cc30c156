/**
 * SDK retries for API providers that have none: the in-memory account answers without the SDK's retry
 * middleware, so a throttled call would end the evaluation in ERROR at once where the real clients
 * would have retried. `withSdkRetries` wraps every API method in the retry loop of the SDK's middleware,
 * driven by the very strategy our SDK clients are built with (clientConfig: same mode, same attempts,
 * same backoff, retry quota and, in adaptive mode, client-side rate limiting), one per (service,
 * region) as there is one client per (service, region). Never wrap the SDK provider: it retries itself.
 */
import { STSClient } from '@aws-sdk/client-sts';
import type { RetryErrorInfo, RetryErrorType, RetryStrategyV2, RetryToken, SdkError } from '@smithy/types';
import { clientConfig, DEFAULT_CLIENT_OPTIONS } from '#shared/aws/clients.js';
import { type ApiProvider, wrapApis } from '#shared/aws/readers.js';

export interface SdkRetryOptions {
  /** Attempts per call, the first included; defaults to the SDK clients' (DEFAULT_CLIENT_OPTIONS). */
  maxAttempts?: number;
  /** `adaptive` as the SDK clients are configured; `standard` = backoff without client-side rate limiting. */
  mode?: 'adaptive' | 'standard';
  /** Sees every retry (counting). */
  onRetry?: (info: { service: string; region: string; errorType: RetryErrorType; attempt: number }) => void;
}

/** Error codes the SDK classifies as throttling (service-error-classification's list, the common ones). */
const THROTTLING_CODES = new Set([
  'BandwidthLimitExceeded',
  'EC2ThrottledException',
  'LimitExceededException',
  'PriorRequestNotComplete',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'ThrottledException',
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'TransactionInProgressException',
]);
const TRANSIENT_CODES = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException']);
const TRANSIENT_STATUS = new Set([500, 502, 503, 504]);

interface ErrorShape {
  name?: string;
  $fault?: string;
  $metadata?: { httpStatusCode?: number };
}

/** The SDK's classification of an error, as its retry middleware does before asking the strategy. */
export function retryErrorType(error: unknown): RetryErrorType {
  const e = (typeof error === 'object' && error !== null ? error : {}) as ErrorShape;
  const status = e.$metadata?.httpStatusCode ?? 0;
  if (status === 429 || THROTTLING_CODES.has(e.name ?? '')) return 'THROTTLING';
  if (TRANSIENT_CODES.has(e.name ?? '') || TRANSIENT_STATUS.has(status)) return 'TRANSIENT';
  if (e.$fault === 'server') return 'SERVER_ERROR';
  return 'CLIENT_ERROR';
}

function isStrategyV2(strategy: unknown): strategy is RetryStrategyV2 {
  const s = strategy as Partial<RetryStrategyV2> | undefined;
  return typeof s?.acquireInitialRetryToken === 'function' && typeof s.refreshRetryTokenForRetry === 'function';
}

/** The retry strategy an SDK client built with our clientConfig uses (read from a throwaway client). */
export async function sdkRetryStrategy(options: Pick<SdkRetryOptions, 'maxAttempts' | 'mode'> = {}): Promise<RetryStrategyV2> {
  const config = clientConfig('us-east-1', {
    maxAttempts: options.maxAttempts ?? DEFAULT_CLIENT_OPTIONS.maxAttempts,
    credentials: { accessKeyId: 'unused', secretAccessKey: 'unused' },
  });
  const client = new STSClient({ ...config, retryMode: options.mode ?? config.retryMode });
  try {
    const strategy: unknown = await client.config.retryStrategy();
    if (!isStrategyV2(strategy)) throw new TypeError('the SDK returned a retry strategy without the token API');
    return strategy;
  } finally {
    client.destroy();
  }
}

/** The SDK retry middleware's loop: ask the strategy before each retry; it sleeps, or refuses. */
async function retrying<T>(
  strategy: () => Promise<RetryStrategyV2>,
  send: () => Promise<T>,
  onRetry: (errorType: RetryErrorType, attempt: number) => void,
): Promise<T> {
  const s = await strategy();
  let token: RetryToken = await s.acquireInitialRetryToken('');
  for (let attempt = 1; ; attempt += 1) {
    try {
      const out = await send();
      s.recordSuccess(token);
      return out;
    } catch (error) {
      const errorType = retryErrorType(error);
      const info: RetryErrorInfo = { error: error as SdkError, errorType };
      try {
        token = await s.refreshRetryTokenForRetry(token, info);
      } catch {
        // The strategy refused (not retryable, attempts or quota spent): the caller sees the call's own
        // error, as with the SDK; the refusal itself says nothing about the resource.
        throw error;
      }
      onRetry(errorType, attempt);
      const delay = token.getRetryDelay();
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

type AnyMethod = (input: unknown) => Promise<unknown>;

function wrapService<T extends object>(api: T, wrap: <R>(send: () => Promise<R>) => Promise<R>): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(api)) {
    wrapped[name] = typeof member === 'function' ? (input: unknown) => wrap(() => (member as AnyMethod).call(api, input)) : member;
  }
  return wrapped as T;
}

/** `apis` with every call retried as the SDK clients retry it. */
export function withSdkRetries(apis: ApiProvider, options: SdkRetryOptions = {}): ApiProvider {
  return wrapApis(apis, (service, region, api) => {
    // One strategy per (service, region): its quota and rate limiter are per client, as in the SDK.
    let strategy: Promise<RetryStrategyV2> | undefined;
    const strategyOf = () => (strategy ??= sdkRetryStrategy(options));
    const onRetry = (errorType: RetryErrorType, attempt: number) => options.onRetry?.({ service, region, errorType, attempt });
    return wrapService(api, (send) => retrying(strategyOf, send, onRetry));
  });
}
