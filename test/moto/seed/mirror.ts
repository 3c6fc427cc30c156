/**
 * Copies an in-memory account (src/shared/memory-account) into moto through the AWS APIs a user would
 * call, so the same scenario can be judged on both sides. moto names some resources itself (VPCs,
 * security groups, load balancers, REST APIs, certificates, secret ARNs): `ids` maps the in-memory ids
 * to moto's. Facts moto cannot hold are listed in `approximations`.
 */
import type { AwsCredentialIdentity } from '@smithy/types';
import type { MemoryAccount } from '../../../src/cli/demo/memory-account/index.js';
import { MOTO_CREDENTIALS, type MotoServer } from '../../helpers/moto.js';
import { motoClients } from './clients.js';
import { type MirrorContext, regionsOf, replaceIds } from './context.js';
import { mirrorElastiCache, mirrorRds } from './databases.js';
import { mirrorAcm, mirrorEdge } from './edge.js';
import { mirrorIam } from './iam.js';
import { mirrorBudgets, mirrorCloudTrail, mirrorCloudWatch, mirrorSns } from './monitoring.js';
import { deleteDefaultVpc, implicitSecurityGroups, mirrorNetwork } from './network.js';
import { mirrorDynamoDb, mirrorLogs, mirrorS3, mirrorSecrets } from './storage.js';

export interface Mirror {
  ids: ReadonlyMap<string, string>;
  approximations: readonly string[];
  /** Ids of the security groups AWS creates by itself (each VPC's default...): the in-memory account does not list them. */
  implicitGroups: readonly string[];
  /** `value` with every in-memory id replaced by moto's. */
  toMoto(value: string): string;
  /** `value` with every id moto gave replaced by the in-memory one. */
  toMemory(value: string): string;
}

export interface MirrorOptions {
  /** Credentials of the account in moto (default: moto's default account 123456789012). */
  credentials?: AwsCredentialIdentity;
}

export async function mirrorAccount(moto: MotoServer, account: MemoryAccount, options: MirrorOptions = {}): Promise<Mirror> {
  const credentials = options.credentials ?? MOTO_CREDENTIALS;
  const context: MirrorContext = {
    account,
    moto,
    clients: motoClients(moto, credentials),
    accessKeyId: credentials.accessKeyId,
    ids: new Map(),
    approximations: [],
    subnets: new Map(),
  };
  const regions = regionsOf(account);
  // Independent services run side by side; within one, order matters (a flow log needs its VPC).
  await Promise.all([
    mirrorS3(context).then(() => Promise.all(regions.map((r) => mirrorCloudTrail(context, r)))),
    mirrorBudgets(context),
    mirrorIam(context),
    ...regions.map(async (region) => {
      // moto (like RDS without a subnet group) puts a DB instance in the default VPC: create them first.
      await mirrorRds(context, region);
      await deleteDefaultVpc(context.clients(region).ec2);
      await mirrorLogs(context, region);
      await mirrorNetwork(context, region);
      await mirrorEdge(context, region);
      await mirrorAcm(context, region);
    }),
    ...regions.map((region) => mirrorSns(context, region).then(() => mirrorCloudWatch(context, region))),
    ...regions.map((region) => mirrorElastiCache(context, region)),
    ...regions.map((region) => mirrorDynamoDb(context, region)),
    ...regions.map((region) => mirrorSecrets(context, region)),
  ]);
  const implicitGroups = (await Promise.all(regions.map((region) => implicitSecurityGroups(context, region)))).flat();
  const ids = new Map([...context.ids].filter(([memory, moto]) => memory !== moto && moto !== ''));
  return {
    ids,
    approximations: context.approximations,
    implicitGroups,
    toMoto: (value) => replaceIds(ids, value),
    toMemory: (value) => replaceIds(new Map([...ids].map(([memory, inMoto]) => [inMoto, memory])), value),
  };
}
