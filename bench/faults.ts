/** Deterministic fault injection for the in-memory account: a seeded share of calls throttled. */
import type { MemoryCallInfo } from '../src/cli/demo/memory-account/index.js';
import { MemoryServiceError } from '../src/cli/demo/memory-account/support.js';

/** FNV-1a over the text, mixed with the seed: a stable number in [0, 1). */
function unitHash(text: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h = (h ^ (h >>> 13)) >>> 0;
  return h / 4294967296;
}

export interface ThrottleFault {
  fault: (call: MemoryCallInfo) => Error | undefined;
  /** Calls answered with ThrottlingException so far. */
  throttled(): number;
}

/**
 * Throttles `rate` of calls. Which calls is decided by a hash of (seed, call, attempt number of that
 * same call), so the choice does not depend on the order concurrent calls arrive in, and a retry of a
 * throttled call draws again.
 */
export function throttleFault(rate: number, seed = 7): ThrottleFault {
  const attempts = new Map<string, number>();
  let throttled = 0;
  return {
    fault(call) {
      const key = `${call.region}|${call.service}|${call.operation}|${JSON.stringify(call.input)}`;
      const attempt = attempts.get(key) ?? 0;
      attempts.set(key, attempt + 1);
      if (unitHash(`${key}#${attempt}`, seed) >= rate) return undefined;
      throttled += 1;
      return new MemoryServiceError('ThrottlingException', 'Rate exceeded', 400);
    },
    throttled: () => throttled,
  };
}
