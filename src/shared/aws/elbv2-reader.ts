/** Everything Preflight knows about calling Elbv2: the API surface, its AWS implementation, and the facts reader. */
import type { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { ScanSession } from './scan-session.js';

/** The Elbv2 calls Preflight makes, one method per API operation, for one region's endpoint. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Elbv2Api {}

export function awsElbv2Api(_client: ElasticLoadBalancingV2Client): Elbv2Api {
  return {};
}

export class Elbv2Reader {
  constructor(
    readonly api: (region: string) => Elbv2Api,
    readonly session: ScanSession,
    readonly region: string,
    readonly accountId: string,
  ) {}
}
