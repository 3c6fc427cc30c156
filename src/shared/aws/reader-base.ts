/**
 * What every reader does the same way, written once: memoised facts keyed by service and region, one
 * concurrency-limited call per API operation, token pagination to the last page, and a missing
 * resource mapped to ResourceNotFoundError (so its findings close instead of turning ERROR).
 */
import { errorCode, ResourceNotFoundError } from '#shared/core/errors.js';
import { type Location, partitionOf } from '#shared/core/resource-ids.js';

/** What a reader needs of the scan's session (scan-session.ts): memo, and limited, counted calls. */
export interface FactSession {
  remember<T>(key: string, load: () => Promise<T>): Promise<T>;
  has(key: string): boolean;
  /** The fact under `key` if it was already asked for; nothing is loaded. */
  recall<T>(key: string): Promise<T> | undefined;
  call<T>(service: string, operation: string, region: string, send: () => Promise<T>): Promise<T>;
}

export interface ReaderContext<Api> {
  /** The service's API at one region's endpoint; a promise while its SDK client is still loading. */
  api: (region: string) => Api | Promise<Api>;
  session: FactSession;
  /** The region being evaluated. */
  region: string;
  accountId: string;
}

export interface Page<T> {
  /** Items of the page; `undefined` entries (facts a mapper skipped) are dropped. */
  items: ReadonlyArray<T | undefined>;
  /** The token of the next page (Marker, NextToken...); empty or absent on the last page. */
  next?: string | null;
}

/** The API's "no such resource" answers: error codes, or a test of the error. */
export type MissingCodes = ReadonlySet<string> | ((error: unknown) => boolean);

/** A resource a call is about: its name, and the sentence its closed finding gives when it is gone. */
export type Resource = string | { name: string; reason: string };

export abstract class ServiceReader<Api> {
  /** The service id (its declaration's), the first part of every fact key and limiter. */
  protected abstract readonly service: string;
  protected readonly session: FactSession;
  /** The region being evaluated. */
  readonly region: string;
  readonly accountId: string;
  private readonly api: (region: string) => Api | Promise<Api>;

  constructor(context: ReaderContext<Api>) {
    this.api = context.api;
    this.session = context.session;
    this.region = context.region;
    this.accountId = context.accountId;
  }

  /** Where the reader reads: the evaluated region, its partition and the account (what ARNs are built from). */
  protected get location(): Location {
    return { partition: partitionOf(this.region), region: this.region, accountId: this.accountId };
  }

  /** The region whose endpoint answers: the evaluated one, or a home region for a global service. */
  protected endpoint(): string {
    return this.region;
  }

  /** The session key of a fact of a region (the evaluated one unless told). */
  protected key(fact: string, region: string = this.region): string {
    return `${this.service}:${region}:${fact}`;
  }

  /** A fact of a region (the evaluated one unless told), loaded once per scan. */
  protected fact<T>(fact: string, load: () => Promise<T>, region: string = this.region): Promise<T> {
    return this.session.remember(this.key(fact, region), load);
  }

  /** An account-wide fact (S3's bucket list, IAM's policies), loaded once per scan whatever the region. */
  protected accountFact<T>(fact: string, load: () => Promise<T>): Promise<T> {
    return this.session.remember(`${this.service}:${fact}`, load);
  }

  /** Whether the scan has already asked for a fact of the evaluated region (a sweep's listing). */
  protected known(fact: string): boolean {
    return this.session.has(this.key(fact));
  }

  protected accountFactKnown(fact: string): boolean {
    return this.session.has(`${this.service}:${fact}`);
  }

  /** One API call, under the service's concurrency limit in that region, counted by the session. */
  protected send<T>(operation: string, call: (api: Api) => Promise<T>, region: string = this.endpoint()): Promise<T> {
    return this.session.call(this.service, operation, region, async () => call(await this.api(region)));
  }

  /** A call about one resource: the API's not-found codes become ResourceNotFoundError. */
  protected async sendAbout<T>(
    resource: Resource,
    missing: MissingCodes,
    operation: string,
    call: (api: Api) => Promise<T>,
    region: string = this.endpoint(),
  ): Promise<T> {
    try {
      return await this.send(operation, call, region);
    } catch (error) {
      if (isMissing(missing, error)) throw gone(resource, error);
      throw error;
    }
  }

  /** A call whose "not found" answer is a fact (no tags, no association): those codes give `absent`. */
  protected async unlessAbsent<T, A>(missing: MissingCodes, absent: A, call: () => Promise<T>): Promise<T | A> {
    try {
      return await call();
    } catch (error) {
      if (isMissing(missing, error)) return absent;
      throw error;
    }
  }

  /** Every item of every page, in order, following the continuation token. */
  protected async allPages<T>(
    operation: string,
    page: (api: Api, token: string | undefined) => Promise<Page<T>>,
    region: string = this.endpoint(),
  ): Promise<T[]> {
    return collectPages((token) => this.send(operation, (api) => page(api, token), region));
  }

  /** A listing of the evaluated region (every page), loaded once per scan. */
  protected listing<T>(fact: string, operation: string, page: (api: Api, token: string | undefined) => Promise<Page<T>>): Promise<T[]> {
    return this.fact(fact, () => this.allPages(operation, page));
  }

  /** Every page of a call about one resource: the API's not-found codes become ResourceNotFoundError. */
  protected allPagesAbout<T>(
    resource: Resource,
    missing: MissingCodes,
    operation: string,
    page: (api: Api, token: string | undefined) => Promise<Page<T>>,
  ): Promise<T[]> {
    return collectPages((token) => this.sendAbout(resource, missing, operation, (api) => page(api, token)));
  }

  /** Why a resource the API still answers for is gone for the rules (being deleted...); undefined: it is not. */
  protected goneReason(_found: { id: string }): string | undefined {
    return undefined;
  }

  /**
   * One resource by id, memoised: from the listing when the scan made one (a sweep), else described
   * alone by `operation` (a targeted evaluation), where the API's not-found codes mean the resource is
   * gone. So is one the reader's goneReason() names.
   */
  protected one<T extends { id: string }>(
    id: string,
    listingFact: string,
    missing: MissingCodes,
    operation: string,
    describe: (api: Api) => Promise<Page<T>>,
  ): Promise<T> {
    return this.fact(`${listingFact}:${id}`, async () => {
      const listed = this.session.recall<readonly T[]>(this.key(listingFact));
      const candidates = listed ? await listed : (await this.sendAbout(id, missing, operation, describe)).items;
      const found = findOrGone(candidates, (item) => item.id === id, id);
      const reason = this.goneReason(found);
      if (reason) throw new ResourceNotFoundError(id, { reason });
      return found;
    });
  }
}

export function isMissing(missing: MissingCodes, error: unknown): boolean {
  return typeof missing === 'function' ? missing(error) : missing.has(errorCode(error));
}

/** The error saying a resource is gone; `cause`, the API's answer that said so. */
export function gone(resource: Resource, cause?: unknown): ResourceNotFoundError {
  const { name, reason } = typeof resource === 'string' ? { name: resource, reason: undefined } : resource;
  return new ResourceNotFoundError(name, cause === undefined ? { reason } : { cause, reason });
}

/** The item that `matches`; ResourceNotFoundError when there is none (the resource is gone). */
export function findOrGone<T>(items: ReadonlyArray<T | undefined> | undefined, matches: (item: T) => boolean, resource: Resource): T {
  const found = items?.find((item): item is T => item !== undefined && matches(item));
  if (found === undefined) throw gone(resource);
  return found;
}

/** RDS and ElastiCache still list and describe a database or cache they are deleting (status `deleting`). */
export function isBeingDeleted(resource: { status?: string }): boolean {
  return resource.status === 'deleting';
}

/** One page of an answer: its items through `map` (no items: an empty page) and the next page's token. */
export function page<I, T>(items: readonly I[] | undefined, map: (item: I) => T | undefined, next?: string | null): Page<T> {
  return { items: (items ?? []).map((item) => map(item)), next };
}

/** Every item of every page, in order. */
export async function collectPages<T>(fetchPage: (token: string | undefined) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  let token: string | undefined;
  do {
    const page = await fetchPage(token);
    for (const item of page.items) if (item !== undefined) items.push(item);
    token = page.next || undefined;
  } while (token);
  return items;
}
