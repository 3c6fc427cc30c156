/**
 * Everything Preflight knows about calling CloudWatch Logs: the API surface, its AWS implementation,
 * and the facts reader. A sweep lists the region's log groups once (nextToken pagination); a targeted
 * evaluation looks one group up by name prefix and keeps the exact match.
 */
import {
  type CloudWatchLogsClient,
  DescribeLogGroupsCommand,
  type DescribeLogGroupsRequest,
  type DescribeLogGroupsResponse,
  type LogGroup,
} from '@aws-sdk/client-cloudwatch-logs';
import { ResourceNotFoundError } from '#shared/core/errors.js';
import type { ScanSession } from './scan-session.js';

/** The CloudWatch Logs calls Preflight makes, one method per API operation, for one region's endpoint. */
export interface LogsApi {
  describeLogGroups(input: DescribeLogGroupsRequest): Promise<DescribeLogGroupsResponse>;
}

export function awsLogsApi(client: CloudWatchLogsClient): LogsApi {
  return {
    describeLogGroups: (input) => client.send(new DescribeLogGroupsCommand(input)),
  };
}

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

export class LogsReader {
  constructor(
    private readonly api: (region: string) => LogsApi,
    private readonly session: ScanSession,
    /** The region being scanned. */
    private readonly region: string,
    readonly accountId: string,
  ) {}

  /** Every log group of the region, all pages. */
  logGroups(): Promise<readonly LogGroupFacts[]> {
    return this.session.remember(this.key('groups'), () => this.describe({}));
  }

  /**
   * One log group: from the sweep's listing, else DescribeLogGroups with the name as prefix (every page:
   * `/aws/lambda/app` also prefixes `/aws/lambda/app-worker`) and the exact name kept.
   */
  logGroup(name: string): Promise<LogGroupFacts> {
    return this.session.remember(this.key(`group:${name}`), async () => {
      const candidates = this.session.has(this.key('groups'))
        ? await this.logGroups()
        : await this.describe({ logGroupNamePrefix: name });
      const found = candidates.find((group) => group.name === name);
      if (!found) throw new ResourceNotFoundError(name);
      return found;
    });
  }

  private async describe(filter: Pick<DescribeLogGroupsRequest, 'logGroupNamePrefix'>): Promise<LogGroupFacts[]> {
    const groups: LogGroupFacts[] = [];
    let token: string | undefined;
    do {
      const page = await this.session.call('logs', 'DescribeLogGroups', this.region, () =>
        this.api(this.region).describeLogGroups({ ...filter, limit: PAGE_SIZE, nextToken: token }),
      );
      for (const group of page.logGroups ?? []) {
        const facts = groupFacts(group);
        if (facts) groups.push(facts);
      }
      token = page.nextToken || undefined;
    } while (token);
    return groups;
  }

  private key(fact: string): string {
    return `logs:${this.region}:${fact}`;
  }
}
