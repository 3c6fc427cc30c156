/** CloudTrail of an in-memory account: answers the CloudTrailApi from plain data, as CloudTrail would. */
import type { AdvancedEventSelector, EventSelector, Trail } from '@aws-sdk/client-cloudtrail';
import type { CloudTrailApi } from '#shared/aws/services/cloudtrail/sdk.js';
import { partitionOf } from '#shared/core/resource-ids.js';
import { type MemoryCall, MemoryServiceError, notFound } from './support.js';

export interface MemoryTrail {
  name: string;
  /**
   * The region the trail was created in; defaults to the region whose state holds it. A multi-region
   * trail is also pushed, as the same object with `homeRegion` set, into other regions' states: those
   * are its shadow copies, as CloudTrail replicates it.
   */
  homeRegion?: string;
  /** Owner account for an organization trail seen from a member account; defaults to the account. */
  ownerAccountId?: string;
  multiRegion?: boolean;
  organization?: boolean;
  /** Default true: a trail logs from creation unless stopped. */
  logging?: boolean;
  /** Default false, as for `aws cloudtrail create-trail`. */
  logFileValidation?: boolean;
  s3BucketName?: string;
  /** Custom basic selectors; absent means the default (all management events, read and write). */
  eventSelectors?: EventSelector[];
  /** Advanced selectors (replace basic ones when set). */
  advancedEventSelectors?: AdvancedEventSelector[];
  latestDeliveryError?: string;
}

export interface MemoryCloudTrailState {
  trails: MemoryTrail[];
}

export function emptyCloudTrailState(): MemoryCloudTrailState {
  return { trails: [] };
}

export function memoryCloudTrailApi(state: MemoryCloudTrailState, region: string, accountId: string, call: MemoryCall): CloudTrailApi {
  const homeOf = (t: MemoryTrail) => t.homeRegion ?? region;
  const arnOf = (t: MemoryTrail) => `arn:${partitionOf(region)}:cloudtrail:${homeOf(t)}:${t.ownerAccountId ?? accountId}:trail/${t.name}`;
  const isShadow = (t: MemoryTrail) => homeOf(t) !== region || (t.ownerAccountId ?? accountId) !== accountId;

  /** A trail by name (only those homed here) or by ARN (shadow copies too), as CloudTrail resolves `Name`. */
  const find = (nameOrArn: string | undefined): MemoryTrail => {
    if (!nameOrArn) throw new MemoryServiceError('InvalidTrailNameException', 'Trail name or ARN is required');
    const found = nameOrArn.startsWith('arn:')
      ? state.trails.find((t) => arnOf(t) === nameOrArn)
      : state.trails.find((t) => t.name === nameOrArn && !isShadow(t));
    if (!found) throw notFound('TrailNotFoundException', `Unknown trail: ${nameOrArn} for the user: ${accountId}`);
    return found;
  };

  const describe = (t: MemoryTrail): Trail => ({
    Name: t.name,
    S3BucketName: t.s3BucketName ?? `aws-cloudtrail-logs-${accountId}`,
    IncludeGlobalServiceEvents: true,
    IsMultiRegionTrail: t.multiRegion === true,
    HomeRegion: homeOf(t),
    TrailARN: arnOf(t),
    LogFileValidationEnabled: t.logFileValidation === true,
    HasCustomEventSelectors: t.eventSelectors !== undefined || t.advancedEventSelectors !== undefined,
    HasInsightSelectors: false,
    IsOrganizationTrail: t.organization === true,
  });

  return {
    describeTrails: (input) =>
      call('cloudtrail', 'DescribeTrails', input, () => {
        // includeShadowTrails defaults to true.
        const visible = state.trails.filter((t) => input.includeShadowTrails !== false || !isShadow(t));
        const named = input.trailNameList?.length ? visible.filter((t) => input.trailNameList?.some((n) => n === t.name || n === arnOf(t))) : visible;
        return { trailList: named.map(describe) };
      }),
    getTrailStatus: (input) =>
      call('cloudtrail', 'GetTrailStatus', input, () => {
        const t = find(input.Name);
        const logging = t.logging !== false;
        return {
          IsLogging: logging,
          ...(t.latestDeliveryError ? { LatestDeliveryError: t.latestDeliveryError } : {}),
          ...(logging ? {} : { StopLoggingTime: new Date('2025-06-01T00:00:00Z') }),
        };
      }),
    getEventSelectors: (input) =>
      call('cloudtrail', 'GetEventSelectors', input, () => {
        const t = find(input.TrailName);
        if (t.advancedEventSelectors) return { TrailARN: arnOf(t), AdvancedEventSelectors: t.advancedEventSelectors };
        const selectors = t.eventSelectors ?? [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] }];
        return { TrailARN: arnOf(t), EventSelectors: selectors };
      }),
  };
}
