/** What every in-memory service shares: AWS-shaped errors, pagination, and the call hook. */
import type { ServiceName } from '#shared/aws/scan-session.js';

/** An error shaped like an SDK v3 service exception: `name` is the AWS error code. */
export class MemoryServiceError extends Error {
  readonly $fault: 'client' | 'server';
  readonly $metadata: { httpStatusCode: number };

  constructor(code: string, message: string, httpStatusCode = 400) {
    super(message);
    this.name = code;
    this.$fault = httpStatusCode >= 500 ? 'server' : 'client';
    this.$metadata = { httpStatusCode };
  }
}

export function notFound(code: string, message: string): MemoryServiceError {
  return new MemoryServiceError(code, message, 404);
}

/**
 * Every API call of an in-memory account goes through this hook: it is where latency, fault injection
 * and call counting happen (see `memoryApiProvider`). `answer` computes the response from the state.
 */
export type MemoryCall = <T>(service: ServiceName, operation: string, input: unknown, answer: () => T) => Promise<T>;

/** One page of `items` after the opaque `token` (an index), like AWS list APIs. */
export function paginate<T>(items: readonly T[], token: string | undefined, pageSize: number | undefined, defaultSize = 2): { items: T[]; next?: string } {
  const start = token ? Number.parseInt(token, 10) : 0;
  if (!Number.isInteger(start) || start < 0 || start > items.length) {
    throw new MemoryServiceError('InvalidNextToken', `invalid pagination token ${token}`);
  }
  const size = pageSize && pageSize > 0 ? pageSize : defaultSize;
  const end = Math.min(start + size, items.length);
  return { items: items.slice(start, end), next: end < items.length ? String(end) : undefined };
}
