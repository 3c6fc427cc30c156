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
