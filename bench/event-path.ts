/**
 * Item 4: the CloudTrail event path, warm: parse the EventBridge event as the handler does, route it,
 * re-evaluate the bucket, record, drain. Our CPU per event (process.cpuUsage) is kept apart from
 * dynalite's, which runs in its own process.
 */
import { buildTriggerTable, cloudTrailEventSchema } from '#shared/engine/cloudtrail-router.js';
import { handleCloudTrailDetail } from '#shared/continuous/orchestration.js';
import type { MemoryAccount } from '../src/cli/demo/memory-account/index.js';
import type { FindingsStore } from '#shared/store/findings-store.js';
import type { DynamoServer } from './dynamo.js';
import { ACCOUNT_ID, percentile, round } from './support.js';
import { benchDeps, CountingPublisher } from './write-cost.js';

/** A real-shaped EventBridge "AWS API Call via CloudTrail" event for PutBucketVersioning. */
export function putBucketVersioningEvent(bucket: string, region: string, status: 'Enabled' | 'Suspended', n: number) {
  const time = new Date(Date.UTC(2026, 10, 23, 10, 0, 0) + n * 1000).toISOString().replace('.000', '');
  return {
    version: '0',
    id: `bench-${n}`,
    'detail-type': 'AWS API Call via CloudTrail',
    source: 'aws.s3',
    account: ACCOUNT_ID,
    time,
    region,
    resources: [],
    detail: {
      eventVersion: '1.09',
      userIdentity: { type: 'AssumedRole', accountId: ACCOUNT_ID, arn: `arn:aws:sts::${ACCOUNT_ID}:assumed-role/deploy/ci` },
      eventTime: time,
      eventSource: 's3.amazonaws.com',
      eventName: 'PutBucketVersioning',
      awsRegion: region,
      sourceIPAddress: '203.0.113.10',
      userAgent: 'aws-cli/2.15.0',
      requestParameters: { bucketName: bucket, Host: `${bucket}.s3.${region}.amazonaws.com`, versioning: '', VersioningConfiguration: { Status: status } },
      responseElements: null,
      requestID: `R${n}`,
      eventID: `E${n}`,
      readOnly: false,
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: ACCOUNT_ID,
    },
  };
}

export interface EventPathOptions {
  server: DynamoServer;
  store: FindingsStore;
  account: MemoryAccount;
  latencyMs: number;
  events: number;
  warmup: number;
  /** Every n-th event really changes the bucket (a transition, an alert); the rest change nothing. */
  changeEvery: number;
  /** The store client's request counts by command (see countRequests). */
  requests: Record<string, number>;
}

export async function measureEventPath(o: EventPathOptions) {
  const publisher = new CountingPublisher();
  const deps = benchDeps(o.store, o.account, publisher, o.latencyMs);
  const table = buildTriggerTable(deps.rules);
  const buckets = o.account.s3.buckets;
  const wall: number[] = [];
  const cpu: number[] = [];
  let transitions = 0;
  let findings = 0;

  const one = async (n: number, measured: boolean) => {
    const bucket = buckets[n % buckets.length];
    if (!bucket) throw new Error('the account has no bucket');
    if (n % o.changeEvery === 0) bucket.versioning = bucket.versioning === 'Enabled' ? 'Suspended' : 'Enabled';
    const event = putBucketVersioningEvent(bucket.name, bucket.region, bucket.versioning ?? 'Suspended', n);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const parsed = cloudTrailEventSchema.parse(event);
    const report = await handleCloudTrailDetail(deps, parsed.detail, ACCOUNT_ID, table);
    const elapsed = performance.now() - t0;
    const used = process.cpuUsage(cpu0);
    if (report.route.action === 'skip') throw new Error(`event skipped: ${report.route.reason}`);
    if (!measured) return;
    wall.push(elapsed);
    cpu.push((used.user + used.system) / 1000);
    transitions += report.record?.transitions.length ?? 0;
    findings += report.evaluation?.findings.length ?? 0;
  };

  for (let n = 0; n < o.warmup; n += 1) await one(n, false);
  const requests0 = { ...o.requests };
  const dynamoCpu0 = await o.server.cpuMs();
  const started = performance.now();
  for (let n = o.warmup; n < o.warmup + o.events; n += 1) await one(n, true);
  const total = performance.now() - started;
  const dynamoCpu = (await o.server.cpuMs()) - dynamoCpu0;
  const sortedWall = [...wall].sort((a, b) => a - b);
  const sortedCpu = [...cpu].sort((a, b) => a - b);
  return {
    events: o.events,
    latencyMs: o.latencyMs,
    findingsPerEvent: round(findings / o.events, 2),
    transitions,
    alertsPublished: publisher.published,
    wallP50Ms: round(percentile(sortedWall, 50), 2),
    wallP99Ms: round(percentile(sortedWall, 99), 2),
    cpuP50Ms: round(percentile(sortedCpu, 50), 2),
    cpuP99Ms: round(percentile(sortedCpu, 99), 2),
    cpuMeanMs: round(cpu.reduce((a, b) => a + b, 0) / o.events, 2),
    dynaliteCpuMeanMs: round(dynamoCpu / o.events, 2),
    dynamoRequestsPerEvent: Object.fromEntries(
      Object.entries(o.requests).map(([command, n]) => [command, round((n - (requests0[command] ?? 0)) / o.events, 2)]),
    ),
    eventsPerSecond: round((o.events / total) * 1000, 1),
  };
}
