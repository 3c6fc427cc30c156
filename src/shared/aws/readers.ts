/**
 * The facts layer the rules read through, derived from the service registry (services/index.ts). Two levels:
 * - `AwsApis`: one method per AWS API operation, per region. `awsApiProvider` implements it with the
 *   SDK (each service's client loaded on first use); the demo's memory account implements it from data.
 * - `Readers`: memoised, paginated, concurrency-limited facts over any `AwsApis`: what rules see.
 */
import type { ScanSession } from './scan-session.js';
import type { AnyServiceDeclaration, ServiceDeclaration } from './service.js';
import { SERVICES, type ServiceById, type ServiceId } from './services/index.js';

type ApiOf<D> = D extends ServiceDeclaration<string, infer Api, unknown> ? Api : never;
type ReaderOf<D> = D extends ServiceDeclaration<string, unknown, infer Reader> ? Reader : never;

/** Every service's API surface, by service id. */
export type AwsApis = { [S in ServiceId]: ApiOf<ServiceById<S>> };

/** One region's APIs: each loads on first call (the SDK client of a service is imported when first needed). */
export type RegionApis = { readonly [S in ServiceId]: () => Promise<AwsApis[S]> };

/** The API surface of one region. Implementations create their clients once and cache them. */
export type ApiProvider = (region: string) => RegionApis;

export type Readers = { [S in ServiceId]: ReaderOf<ServiceById<S>> };

export interface ReadersOptions {
  apis: ApiProvider;
  session: ScanSession;
  /** The region being evaluated. */
  region: string;
  accountId: string;
}

export function createReaders({ apis, session, region, accountId }: ReadersOptions): Readers {
  const services: readonly AnyServiceDeclaration[] = SERVICES;
  const readers = services.map((service) => {
    const id = service.id as ServiceId;
    return [id, service.reader({ api: (r) => apis(r)[id](), session, region, accountId })];
  });
  return Object.fromEntries(readers) as Readers;
}

/** The ids of every service, in registry order. */
export const SERVICE_IDS: readonly ServiceId[] = SERVICES.map((service) => service.id);

/** Region APIs from a loader per service, each loaded once (on first call) and kept. */
export function lazyRegionApis(load: (service: ServiceId) => Promise<unknown>): RegionApis {
  const loaded = new Map<ServiceId, Promise<unknown>>();
  const once = (service: ServiceId): Promise<unknown> => {
    let api = loaded.get(service);
    if (!api) {
      api = load(service);
      // A failed load is not kept: the next call tries again.
      api.catch(() => loaded.delete(service));
      loaded.set(service, api);
    }
    return api;
  };
  // One entry per service id, each resolving to that service's API: the shape RegionApis describes.
  return Object.fromEntries(SERVICE_IDS.map((service) => [service, () => once(service)])) as unknown as RegionApis;
}

/**
 * An ApiProvider whose every service API passes through `wrap` once loaded (call recording, fault or
 * latency injection in tests and the benchmark). Each wrapped API is built once per (service, region).
 */
export function wrapApis(apis: ApiProvider, wrap: (service: ServiceId, region: string, api: object) => object): ApiProvider {
  const byRegion = new Map<string, RegionApis>();
  return (region) => {
    let wrapped = byRegion.get(region);
    if (!wrapped) {
      const inner = apis(region);
      wrapped = lazyRegionApis(async (service) => wrap(service, region, await inner[service]()));
      byRegion.set(region, wrapped);
    }
    return wrapped;
  };
}
