/**
 * The config every SDK client of Preflight is built with. Retries are adaptive and every request has
 * timeouts, so a dead endpoint fails fast instead of hanging a scan. Kept apart from clients.ts so the
 * per-service SDK bindings (loaded on first use) need not import the provider that loads them.
 */
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';

export interface AwsClientOptions {
  /** Defaults to the standard credential chain. */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Attempts per call, first one included (adaptive retry mode backs off on throttling). */
  maxAttempts?: number;
  connectionTimeoutMs?: number;
  requestTimeoutMs?: number;
}

export const DEFAULT_CLIENT_OPTIONS = {
  maxAttempts: 6,
  connectionTimeoutMs: 3_000,
  requestTimeoutMs: 15_000,
} as const;

export type ClientConfig = ReturnType<typeof clientConfig>;

/** The config every SDK client of Preflight is built with. */
export function clientConfig(region: string, options: AwsClientOptions = {}) {
  const merged = { ...DEFAULT_CLIENT_OPTIONS, ...options };
  return {
    region,
    credentials: merged.credentials,
    maxAttempts: merged.maxAttempts,
    retryMode: 'adaptive' as const,
    requestHandler: new NodeHttpHandler({
      connectionTimeout: merged.connectionTimeoutMs,
      requestTimeout: merged.requestTimeoutMs,
    }),
  };
}
