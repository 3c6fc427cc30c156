/** Everything Preflight knows about calling Logs: the API surface, its AWS implementation, and the facts reader. */
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { ScanSession } from './scan-session.js';

/** The Logs calls Preflight makes, one method per API operation, for one region's endpoint. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface LogsApi {}

export function awsLogsApi(_client: CloudWatchLogsClient): LogsApi {
  return {};
}

export class LogsReader {
  constructor(
    readonly api: (region: string) => LogsApi,
    readonly session: ScanSession,
    readonly region: string,
    readonly accountId: string,
  ) {}
}
