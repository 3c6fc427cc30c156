/**
 * Everything Preflight knows about calling CloudWatch Logs: the facts reader (the commands it sends are
 * listed in sdk.ts). A sweep lists the region's log groups once (nextToken pagination); a targeted
 * evaluation looks one group up by name prefix and keeps the exact match.
 */
import type { DescribeLogGroupsRequest, LogGroup } from '@aws-sdk/client-cloudwatch-logs';
import type { LogsApi } from './sdk.js';
import { ServiceReader, findOrGone, page } from '../../reader-base.js';

export interface LogGroupFacts {
  name: string;
  /** Undefined: events never expire. */
  retentionInDays?: number;
  /** Set when an account-level retention policy decides the retention (then `retentionInDays` is the policy's). */
  retentionPolicyName?: string;
  /** `STANDARD`, `INFREQUENT_ACCESS`, `ESSENTIALS` or `DELIVERY`. */
  logGroupClass?: string;
  storedBytes?: number;
  createdAt?: Date;
}

/** The largest page DescribeLogGroups serves. */
const PAGE_SIZE = 50;

function groupFacts(group: LogGroup): LogGroupFacts | undefined {
  if (!group.logGroupName) return undefined;
  return {
    name: group.logGroupName,
    retentionInDays: group.retentionInDays,
    retentionPolicyName: group.retentionPolicyName || undefined,
    logGroupClass: group.logGroupClass,
    storedBytes: group.storedBytes,
    createdAt: group.creationTime === undefined ? undefined : new Date(group.creationTime),
  };
}

export class LogsReader extends ServiceReader<LogsApi> {
  protected readonly service = 'logs';

  /** Every log group of the region, all pages. */
  logGroups(): Promise<readonly LogGroupFacts[]> {
    return this.fact('groups', () => this.describe({}));
  }

  /**
   * One log group: from the sweep's listing, else DescribeLogGroups with the name as prefix (every page:
   * `/aws/lambda/app` also prefixes `/aws/lambda/app-worker`) and the exact name kept.
   */
  logGroup(name: string): Promise<LogGroupFacts> {
    return this.fact(`group:${name}`, async () => {
      const candidates = this.known('groups') ? await this.logGroups() : await this.describe({ logGroupNamePrefix: name });
      return findOrGone(candidates, (group) => group.name === name, name);
    });
  }

  private describe(filter: Pick<DescribeLogGroupsRequest, 'logGroupNamePrefix'>): Promise<LogGroupFacts[]> {
    return this.allPages('DescribeLogGroups', async (api, nextToken) => {
      const out = await api.describeLogGroups({ ...filter, limit: PAGE_SIZE, nextToken });
      return page(out.logGroups, groupFacts, out.nextToken);
    });
  }
}
