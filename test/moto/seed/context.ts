/** What every service's mirror shares: the account being copied, moto's clients, and what was learnt. */
import type { MemoryAccount } from '../../../src/cli/demo/memory-account/index.js';
import type { MotoServer } from '../../helpers/moto.js';
import type { RegionClients } from './clients.js';

export interface MirrorContext {
  account: MemoryAccount;
  moto: MotoServer;
  clients: (region: string) => RegionClients;
  /** The access key the clients use (moto reads the account from it), for raw calls. */
  accessKeyId: string;
  /** In-memory id → the id moto gave the same resource; applied to the in-memory findings' resource ids. */
  ids: Map<string, string>;
  /** Facts of the in-memory account that moto cannot hold, one sentence each. */
  approximations: string[];
  /** Per region: two subnets load balancers are put in (created once, on first need). */
  subnets: Map<string, Promise<string[]>>;
}

/** The regions the account uses: its regional states, plus those its buckets live in. */
export function regionsOf(account: MemoryAccount): string[] {
  return [...new Set([...Object.keys(account.regions), ...account.s3.buckets.map((b) => b.region)])].sort();
}

/** The region's state of the in-memory account, if it has one. */
export function regional(context: MirrorContext, region: string) {
  return context.account.regions[region];
}

/** `value` with every key of `ids` replaced by its value (in-memory ids by moto's). */
export function replaceIds(ids: ReadonlyMap<string, string>, value: string): string {
  let out = value;
  for (const [from, to] of ids) if (to) out = out.replaceAll(from, to);
  return out;
}
