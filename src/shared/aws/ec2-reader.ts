/** Everything Preflight knows about calling Ec2: the API surface, its AWS implementation, and the facts reader. */
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { ScanSession } from './scan-session.js';

/** The Ec2 calls Preflight makes, one method per API operation, for one region's endpoint. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Ec2Api {}

export function awsEc2Api(_client: EC2Client): Ec2Api {
  return {};
}

export class Ec2Reader {
  constructor(
    readonly api: (region: string) => Ec2Api,
    readonly session: ScanSession,
    readonly region: string,
    readonly accountId: string,
  ) {}
}
