/** Everything Preflight knows about calling CloudTrail: the facts reader (the commands it sends are listed in sdk.ts, which binds them to the SDK). */
import type { AdvancedEventSelector, EventSelector } from '@aws-sdk/client-cloudtrail';
import type { CloudTrailDetail } from '#shared/core/cloudtrail-detail.js';
import { IncompleteAnswerError } from '#shared/core/errors.js';
import { ServiceReader, findOrGone } from '../../reader-base.js';
import type { CloudTrailApi } from './sdk.js';

/** One trail as DescribeTrails shows it in the region it was listed in (its home, or a shadow copy). */
export interface TrailFacts {
  name: string;
  arn: string;
  homeRegion: string;
  /** The account that owns the trail: another one for an organization trail seen from a member account. */
  ownerAccountId: string;
  /** Undefined when DescribeTrails did not say. */
  multiRegion?: boolean;
  /** Undefined when DescribeTrails did not say. */
  logFileValidation?: boolean;
  organization: boolean;
  /** False means the default selectors (all management events, read and write). */
  hasCustomEventSelectors?: boolean;
}

/** Which management events a trail records. */
export type ManagementCoverage = 'All' | 'WriteOnly' | 'ReadOnly' | 'None';

export interface ManagementEvents {
  coverage: ManagementCoverage;
  /** Event sources left out (CloudTrail only allows kms and rdsdata here). */
  excludedSources: string[];
  /** `default` when the trail never had custom selectors (no GetEventSelectors call was needed). */
  source: 'default' | 'basic' | 'advanced';
}

export interface TrailStatus {
  isLogging: boolean;
  latestDeliveryError?: string;
}

/** `arn:aws:cloudtrail:us-east-1:123456789012:trail/org-trail` → its region, account and name. */
export function parseTrailArn(arn: string): { region: string; accountId: string; name: string } | undefined {
  const match = /^arn:[^:]+:cloudtrail:([^:]*):(\d{12}):trail\/(.+)$/.exec(arn);
  return match ? { region: match[1] ?? '', accountId: match[2] ?? '', name: match[3] ?? '' } : undefined;
}

/**
 * The trail a CloudTrail record names: CreateTrail/UpdateTrail answer with `trailARN`; every call takes
 * `name`, which may be a name or an ARN. Names are returned (a trail is named uniquely in its region).
 */
export function trailNamesFromEvent(detail: CloudTrailDetail): string[] {
  const candidates = [detail.responseElements?.trailARN, detail.requestParameters?.name];
  for (const value of candidates) {
    if (typeof value !== 'string' || !value) continue;
    return [parseTrailArn(value)?.name ?? value];
  }
  return [];
}

const COVERAGE_RANK: Readonly<Record<ManagementCoverage, number>> = { None: 0, ReadOnly: 1, WriteOnly: 1, All: 2 };

function union(a: ManagementCoverage, b: ManagementCoverage): ManagementCoverage {
  if ((a === 'ReadOnly' && b === 'WriteOnly') || (a === 'WriteOnly' && b === 'ReadOnly')) return 'All';
  return COVERAGE_RANK[a] >= COVERAGE_RANK[b] ? a : b;
}

function fromBasicSelectors(selectors: readonly EventSelector[]): Omit<ManagementEvents, 'source'> {
  let coverage: ManagementCoverage = 'None';
  const excluded = new Set<string>();
  for (const selector of selectors) {
    // IncludeManagementEvents defaults to true, ReadWriteType to All.
    if (selector.IncludeManagementEvents === false) continue;
    coverage = union(coverage, selector.ReadWriteType ?? 'All');
    for (const source of selector.ExcludeManagementEventSources ?? []) excluded.add(source);
  }
  return { coverage, excludedSources: [...excluded].sort() };
}

/**
 * Advanced selectors: a management selector has `eventCategory = Management`; a `readOnly` field narrows
 * it to reads or writes. One that keeps only some event sources (Equals/StartsWith on eventSource) does
 * not record the account's management events and is ignored; NotEquals exclusions are reported.
 */
function fromAdvancedSelectors(selectors: readonly AdvancedEventSelector[]): Omit<ManagementEvents, 'source'> {
  let coverage: ManagementCoverage = 'None';
  const excluded = new Set<string>();
  for (const selector of selectors) {
    const fields = selector.FieldSelectors ?? [];
    const field = (name: string) => fields.find((f) => f.Field?.toLowerCase() === name.toLowerCase());
    if (!field('eventCategory')?.Equals?.includes('Management')) continue;
    const eventSource = field('eventSource');
    if (eventSource?.Equals?.length || eventSource?.StartsWith?.length) continue;
    const readOnly = field('readOnly')?.Equals ?? [];
    const selected: ManagementCoverage = readOnly.length === 1 ? (readOnly[0] === 'true' ? 'ReadOnly' : 'WriteOnly') : 'All';
    coverage = union(coverage, selected);
    for (const source of eventSource?.NotEquals ?? []) excluded.add(source);
  }
  return { coverage, excludedSources: [...excluded].sort() };
}

export class CloudTrailReader extends ServiceReader<CloudTrailApi> {
  protected readonly service = 'cloudtrail';

  /**
   * Every trail DescribeTrails shows in `region`, shadow trails included: the trails homed there, plus
   * the multi-region and organization trails homed elsewhere. CloudTrail does not paginate this call
   * (an account has at most five trails per region).
   */
  trails(region: string = this.region): Promise<readonly TrailFacts[]> {
    return this.fact(
      'trails',
      async () => {
        const out = await this.send('DescribeTrails', (api) => api.describeTrails({ includeShadowTrails: true }), region);
        return (out.trailList ?? []).flatMap((trail): TrailFacts[] => {
          if (!trail.Name || !trail.TrailARN) return [];
          const parsed = parseTrailArn(trail.TrailARN);
          return [
            {
              name: trail.Name,
              arn: trail.TrailARN,
              homeRegion: trail.HomeRegion ?? parsed?.region ?? region,
              ownerAccountId: parsed?.accountId ?? this.accountId,
              multiRegion: trail.IsMultiRegionTrail,
              logFileValidation: trail.LogFileValidationEnabled,
              organization: trail.IsOrganizationTrail === true,
              hasCustomEventSelectors: trail.HasCustomEventSelectors,
            },
          ];
        });
      },
      region,
    );
  }

  /** Trails this account owns whose home is the evaluated region: each is evaluated there, once. */
  async homeTrails(): Promise<readonly TrailFacts[]> {
    return (await this.trails()).filter((t) => t.homeRegion === this.region && t.ownerAccountId === this.accountId);
  }

  async homeTrailNames(): Promise<string[]> {
    return (await this.homeTrails()).map((t) => t.name);
  }

  /** A trail homed in the evaluated region, by name; ResourceNotFoundError once it is deleted. */
  async trail(name: string): Promise<TrailFacts> {
    return findOrGone(await this.homeTrails(), (t) => t.name === name, name);
  }

  /**
   * GetTrailStatus by ARN in the region the trail was listed in: the ARN is what CloudTrail requires for
   * a shadow trail and for an organization trail seen from a member account.
   */
  status(trail: TrailFacts, region: string = this.region): Promise<TrailStatus> {
    return this.fact(
      `status:${trail.arn}`,
      async () => {
        const out = await this.send('GetTrailStatus', (api) => api.getTrailStatus({ Name: trail.arn }), region);
        if (out.IsLogging === undefined) {
          throw new IncompleteAnswerError(`GetTrailStatus did not say whether trail ${trail.name} is logging (no IsLogging)`);
        }
        return { isLogging: out.IsLogging, latestDeliveryError: out.LatestDeliveryError || undefined };
      },
      region,
    );
  }

  /** The management events a trail records, read in its home region (where its selectors live). */
  managementEvents(trail: TrailFacts): Promise<ManagementEvents> {
    return this.accountFact(`selectors:${trail.arn}`, async () => {
      if (trail.hasCustomEventSelectors === false) return { coverage: 'All', excludedSources: [], source: 'default' };
      const out = await this.send('GetEventSelectors', (api) => api.getEventSelectors({ TrailName: trail.arn }), trail.homeRegion);
      if (out.AdvancedEventSelectors?.length) return { ...fromAdvancedSelectors(out.AdvancedEventSelectors), source: 'advanced' };
      return { ...fromBasicSelectors(out.EventSelectors ?? []), source: 'basic' };
    });
  }
}
