/**
 * The shared middleware stack loads the X-Ray Tracer only when the deployment turns tracing on (TRACING,
 * the `tracing` deploy param), and then with the first invocation, not when the handler is built (the
 * cold start). The tracing module is the real one, wrapped to see when it loads and what it is called with.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ConfigError } from '#shared/core/errors.js';
import { withHandlerDefaults } from '#shared/continuous/handler-defaults.js';
import { lambdaContext } from '../../helpers/lambda.js';

const seen = vi.hoisted(() => ({ loads: 0, captures: 0, calls: [] as string[] }));

vi.mock('#shared/continuous/tracing.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('#shared/continuous/tracing.js')>();
  seen.loads += 1;
  return {
    captureHandler: () => {
      seen.captures += 1;
      const real = actual.captureHandler();
      const record =
        (phase: 'before' | 'after' | 'onError') =>
        (request: Parameters<NonNullable<typeof real.before>>[0]): unknown => {
          seen.calls.push(phase);
          return real[phase]?.(request);
        };
      return { before: record('before'), after: record('after'), onError: record('onError') };
    },
  };
});

const echo = async (event: { value: number }) => ({ doubled: event.value * 2 });

beforeEach(() => {
  seen.captures = 0;
  seen.calls = [];
});

describe('withHandlerDefaults', () => {
  it.each([
    ['unset', {}],
    ['false', { TRACING: 'false' }],
    ['empty (the param left empty)', { TRACING: '' }],
  ])('with TRACING %s, never loads the tracer', async (_what, env) => {
    // These run first: a module loads at most once per test file, so `loads` can only stay 0 before any test turns tracing on.
    const handler = withHandlerDefaults(echo, env);
    await expect(handler({ value: 2 }, lambdaContext())).resolves.toEqual({ doubled: 4 });
    await expect(handler({ value: 3 }, lambdaContext())).resolves.toEqual({ doubled: 6 });
    expect(seen.loads).toBe(0);
    expect(seen.captures).toBe(0);
  });

  it('with TRACING=true, loads the tracer on the first invocation (not at import) and captures every invocation with one Tracer', async () => {
    const handler = withHandlerDefaults(echo, { TRACING: 'true' });
    expect(seen.captures).toBe(0);
    await expect(handler({ value: 2 }, lambdaContext())).resolves.toEqual({ doubled: 4 });
    expect(seen.loads).toBe(1);
    expect(seen.calls).toEqual(['before', 'after']);
    await expect(handler({ value: 5 }, lambdaContext())).resolves.toEqual({ doubled: 10 });
    expect(seen.calls).toEqual(['before', 'after', 'before', 'after']);
    expect(seen.captures).toBe(1);
  });

  it('with TRACING=true, records a failed invocation and rethrows its error', async () => {
    const failing = withHandlerDefaults(
      async (_event: unknown) => {
        throw new Error('the handler failed');
      },
      { TRACING: 'true' },
    );
    await expect(failing({}, lambdaContext())).rejects.toThrow('the handler failed');
    expect(seen.calls).toEqual(['before', 'onError']);
  });

  it('refuses a TRACING that is not a flag, naming it', () => {
    expect(() => withHandlerDefaults(echo, { TRACING: 'yes' })).toThrow(ConfigError);
    expect(() => withHandlerDefaults(echo, { TRACING: 'yes' })).toThrow(/TRACING/);
  });
});
