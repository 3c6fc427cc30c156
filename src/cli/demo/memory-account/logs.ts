/** CloudWatch Logs of an in-memory account: answers the LogsApi from plain data, as CloudWatch Logs would. */
import type { LogGroup } from '@aws-sdk/client-cloudwatch-logs';
import type { LogsApi } from '#shared/aws/services/logs/sdk.js';
import { type MemoryCall, MemoryServiceError, paginate } from './support.js';

export interface MemoryLogGroup {
  name: string;
  /** Omitted: events never expire (the default of a new log group). */
  retentionInDays?: number;
  /** Default `STANDARD`. */
  logGroupClass?: 'STANDARD' | 'INFREQUENT_ACCESS' | 'ESSENTIALS' | 'DELIVERY';
  storedBytes?: number;
  /** Default 2025-01-01. */
  createdAt?: Date;
}

export interface MemoryLogsState {
  logGroups: MemoryLogGroup[];
}

export function emptyLogsState(): MemoryLogsState {
  return { logGroups: [] };
}

// DescribeLogGroups serves 1..50 groups a page, 50 by default.
const MAX_LIMIT = 50;
const DEFAULT_CREATED = Date.UTC(2025, 0, 1);

export function memoryLogsApi(state: MemoryLogsState, region: string, accountId: string, call: MemoryCall): LogsApi {
  const toGroup = (g: MemoryLogGroup): LogGroup => {
    const arn = `arn:aws:logs:${region}:${accountId}:log-group:${g.name}`;
    return {
      logGroupName: g.name,
      creationTime: g.createdAt?.getTime() ?? DEFAULT_CREATED,
      retentionInDays: g.retentionInDays,
      metricFilterCount: 0,
      arn: `${arn}:*`,
      logGroupArn: arn,
      storedBytes: g.storedBytes ?? 0,
      logGroupClass: g.logGroupClass ?? 'STANDARD',
      deletionProtectionEnabled: false,
    };
  };

  return {
    describeLogGroups: (input) =>
      call('logs', 'DescribeLogGroups', input, () => {
        if (input.limit !== undefined && (input.limit < 1 || input.limit > MAX_LIMIT)) {
          throw new MemoryServiceError('InvalidParameterException', `limit must be between 1 and ${MAX_LIMIT}`);
        }
        const prefix = input.logGroupNamePrefix;
        // Like CloudWatch Logs, groups are listed in name order.
        const listed = state.logGroups.filter((g) => !prefix || g.name.startsWith(prefix)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
        const page = paginate(listed, input.nextToken, input.limit ?? MAX_LIMIT);
        return { logGroups: page.items.map(toGroup), nextToken: page.next };
      }),
  };
}
