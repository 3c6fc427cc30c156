/** Builds continuous-mode dependencies on dynalite and an in-memory account, with a recording publisher. */
import { findRule, RULES } from '../../src/rules/index.js';
import type { ContinuousDeps } from '#shared/continuous/orchestration.js';
import { type MemoryAccount, memoryApiProvider, type MemoryApiOptions, emptyAccount as createEmptyAccount } from '../../src/cli/demo/memory-account/index.js';
import type { AlertMessage } from '#shared/alerts/messages.js';
import type { AlertPublisher } from '#shared/alerts/notifier.js';
import { FindingsStore } from '#shared/store/findings-store.js';
import type { LocalDynamo } from './dynalite.js';

export const ACCOUNT = '123456789012';

export class RecordingPublisher implements AlertPublisher {
  readonly sent: AlertMessage[] = [];
  /** Calls to fail before succeeding again. */
  failNext = 0;

  async publish(message: AlertMessage): Promise<void> {
    if (this.failNext > 0) {
      this.failNext -= 1;
      throw Object.assign(new Error('SNS is down'), { name: 'InternalErrorException' });
    }
    this.sent.push(message);
  }
}

export function emptyAccount(): MemoryAccount {
  return createEmptyAccount(ACCOUNT, ['eu-west-1']);
}

export async function continuousDeps(
  dynamo: LocalDynamo,
  account: MemoryAccount,
  ruleIds: string[],
  options: MemoryApiOptions = {},
): Promise<ContinuousDeps & { store: FindingsStore; publisher: RecordingPublisher }> {
  const store = new FindingsStore(dynamo.client, await dynamo.createTable());
  return {
    store,
    publisher: new RecordingPublisher(),
    apis: memoryApiProvider(account, options),
    rules: RULES.filter((r) => ruleIds.includes(r.id)),
    messages: { describeRule: (id) => findRule(id), apiUrl: 'https://api.example.test' },
  };
}

/** A real-shaped EventBridge CloudTrail event for PutBucketVersioning. */
export function putBucketVersioningEvent(bucket: string, status: 'Enabled' | 'Suspended', eventTime: string) {
  return {
    version: '0',
    id: `evt-${bucket}-${eventTime}`,
    'detail-type': 'AWS API Call via CloudTrail',
    source: 'aws.s3',
    account: ACCOUNT,
    time: eventTime,
    region: 'eu-west-1',
    resources: [],
    detail: {
      eventVersion: '1.09',
      userIdentity: { type: 'IAMUser', accountId: ACCOUNT, userName: 'alice' },
      eventTime,
      eventSource: 's3.amazonaws.com',
      eventName: 'PutBucketVersioning',
      awsRegion: 'eu-west-1',
      sourceIPAddress: '203.0.113.10',
      userAgent: 'aws-cli/2.15.0',
      requestParameters: {
        bucketName: bucket,
        Host: `${bucket}.s3.eu-west-1.amazonaws.com`,
        versioning: '',
        VersioningConfiguration: { Status: status, xmlns: 'http://s3.amazonaws.com/doc/2006-03-01/' },
      },
      responseElements: null,
      requestID: 'R1',
      eventID: `E-${bucket}-${eventTime}`,
      readOnly: false,
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: ACCOUNT,
    },
  };
}
