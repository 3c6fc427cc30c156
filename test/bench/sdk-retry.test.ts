import { describe, expect, it } from 'vitest';
import { emptyAccount, memoryApiProvider, type MemoryCallInfo } from '../../src/cli/demo/memory-account/index.js';
import { retryErrorType, sdkRetryStrategy, withSdkRetries } from '../../bench/sdk-retry.js';
import { MemoryServiceError } from '../../src/cli/demo/memory-account/support.js';

function account() {
  const a = emptyAccount('123456789012', ['eu-west-1']);
  a.s3.buckets.push({ name: 'data', region: 'eu-west-1', versioning: 'Enabled' });
  return a;
}

/** Fails the first `n` calls of GetBucketVersioning with `error`. */
function failing(n: number, error: () => Error) {
  let calls = 0;
  return {
    fault: (call: MemoryCallInfo) => (call.operation === 'GetBucketVersioning' && calls++ < n ? error() : undefined),
    calls: () => calls,
  };
}

const throttling = () => new MemoryServiceError('ThrottlingException', 'Rate exceeded', 400);

describe('withSdkRetries', () => {
  it('retries a throttled call until it succeeds, as the SDK would', async () => {
    const f = failing(2, throttling);
    const retries: string[] = [];
    const apis = withSdkRetries(memoryApiProvider(account(), { fault: f.fault }), {
      mode: 'standard',
      onRetry: (i) => retries.push(`${i.service}:${i.region}:${i.errorType}:${i.attempt}`),
    });
    await expect((await apis('eu-west-1').s3()).getBucketVersioning({ Bucket: 'data' })).resolves.toMatchObject({ Status: 'Enabled' });
    expect(f.calls()).toBe(3);
    expect(retries).toEqual(['s3:eu-west-1:THROTTLING:1', 's3:eu-west-1:THROTTLING:2']);
  });

  it('gives up after maxAttempts with the call’s own error', async () => {
    const f = failing(10, throttling);
    const apis = withSdkRetries(memoryApiProvider(account(), { fault: f.fault }), { mode: 'standard', maxAttempts: 2 });
    await expect((await apis('eu-west-1').s3()).getBucketVersioning({ Bucket: 'data' })).rejects.toMatchObject({ name: 'ThrottlingException' });
    expect(f.calls()).toBe(2);
  });

  it('does not retry a client error (AccessDenied, a missing resource)', async () => {
    const f = failing(1, () => new MemoryServiceError('AccessDenied', 'Access Denied', 403));
    const apis = withSdkRetries(memoryApiProvider(account(), { fault: f.fault }));
    await expect((await apis('eu-west-1').s3()).getBucketVersioning({ Bucket: 'data' })).rejects.toMatchObject({ name: 'AccessDenied' });
    expect(f.calls()).toBe(1);
    await expect((await apis('eu-west-1').s3()).getBucketVersioning({ Bucket: 'nope' })).rejects.toMatchObject({ name: 'NoSuchBucket' });
  });

  it('classifies errors as the SDK does', () => {
    expect(retryErrorType(throttling())).toBe('THROTTLING');
    expect(retryErrorType(new MemoryServiceError('SlowDown', 'Please reduce your request rate', 503))).toBe('THROTTLING');
    expect(retryErrorType(new MemoryServiceError('Anything', 'x', 429))).toBe('THROTTLING');
    expect(retryErrorType(new MemoryServiceError('InternalError', 'x', 500))).toBe('TRANSIENT');
    expect(retryErrorType(new MemoryServiceError('AccessDenied', 'x', 403))).toBe('CLIENT_ERROR');
    expect(retryErrorType('not an error')).toBe('CLIENT_ERROR');
  });

  it('uses the strategy our SDK clients are built with (adaptive unless told otherwise)', async () => {
    await expect(sdkRetryStrategy()).resolves.toMatchObject({ mode: 'adaptive' });
    await expect(sdkRetryStrategy({ mode: 'standard' })).resolves.toMatchObject({ mode: 'standard' });
  });
});
