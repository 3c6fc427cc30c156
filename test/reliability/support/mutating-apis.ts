/**
 * Random-but-valid AWS answers: wraps an ApiProvider (the in-memory account) so every response is
 * deep-copied and randomly thinned the way real answers vary — optional members dropped (every member
 * of an SDK output is optional), lists emptied or repeated, strings emptied — and some calls fail with
 * AWS error codes. Pagination tokens are left alone (a changed token is another API, not another answer).
 * Randomness is a hash of (seed, operation, input), so a run is reproducible whatever the call order.
 */
import { seededRandom } from './random.js';
import { type ApiProvider, wrapApis } from '#shared/aws/readers.js';
import { MemoryServiceError } from '../../../src/cli/demo/memory-account/support.js';

export interface MutationOptions {
  seed: number;
  /** Per object member: chance it is dropped. */
  dropRate: number;
  /** Per call: chance it fails with one of `faultCodes`. */
  faultRate: number;
  faultCodes: readonly string[];
}

const TOKEN = /token|marker/i;

function hash(text: string): number {
  let h = 2_166_136_261;
  for (let i = 0; i < text.length; i += 1) h = Math.imul(h ^ text.charCodeAt(i), 16_777_619);
  return h >>> 0;
}

function thin(value: unknown, random: () => number, dropRate: number, depth = 0): unknown {
  if (Array.isArray(value)) {
    if (depth > 0 && random() < dropRate / 2) return [];
    const items = value.map((v) => thin(v, random, dropRate, depth + 1));
    if (items.length > 0 && random() < dropRate / 2) items.push(structuredClone(items[0]));
    return items;
  }
  if (value instanceof Date || value === null || typeof value !== 'object') {
    if (typeof value === 'string' && random() < dropRate / 4) return '';
    return value;
  }
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    if (TOKEN.test(key)) {
      out[key] = member;
      continue;
    }
    if (random() < dropRate) continue;
    out[key] = thin(member, random, dropRate, depth + 1);
  }
  return out;
}

export function mutatingApis(inner: ApiProvider, options: MutationOptions): ApiProvider {
  return wrapApis(inner, (service, region, api) => {
    const wrapped: Record<string, (input: unknown) => Promise<unknown>> = {};
    for (const [operation, method] of Object.entries(api as Record<string, (input: unknown) => Promise<unknown>>)) {
      wrapped[operation] = async (input: unknown) => {
        const random = seededRandom(hash(`${options.seed}|${region}|${service}.${operation}|${JSON.stringify(input)}`));
        if (random() < options.faultRate) {
          const code = options.faultCodes[Math.floor(random() * options.faultCodes.length)] ?? 'InternalFailure';
          throw new MemoryServiceError(code, `${code} (injected)`, code.includes('Internal') ? 500 : 400);
        }
        const answer = await method.call(api, input);
        // The first page of a listing keeps its members more often, so rules still see resources.
        return thin(structuredClone(answer), random, options.dropRate);
      };
    }
    return wrapped;
  });
}
