/** The part of a CloudTrail record (EventBridge `detail`) that triggers read. */
export interface CloudTrailDetail {
  eventSource: string;
  eventName: string;
  awsRegion?: string;
  eventTime?: string;
  errorCode?: string;
  readOnly?: boolean;
  recipientAccountId?: string;
  requestParameters?: Record<string, unknown> | null;
  responseElements?: Record<string, unknown> | null;
  /** Service events (rotations...) name their resource here, e.g. `additionalEventData.SecretId`. */
  additionalEventData?: unknown;
  serviceEventDetails?: unknown;
}
