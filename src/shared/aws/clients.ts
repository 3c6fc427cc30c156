/**
 * The AWS SDK side of the facts layer: one client per (service, region), created on first use and
 * kept for the life of the process (a Lambda container, a CLI run). A service's client is loaded with
 * a dynamic import of its SDK binding the first time a reader calls it, so an invocation that reads
 * S3 only never loads the other clients (in an ESM bundle with code splitting, each is its own chunk).
 */
import { type AwsClientOptions, clientConfig } from './client-config.js';
import type { ApiProvider, AwsApis, RegionApis } from './readers.js';
import type { AnyServiceDeclaration } from './service.js';
import { SERVICES, type ServiceId } from './services/index.js';

export { type AwsClientOptions, clientConfig, DEFAULT_CLIENT_OPTIONS } from './client-config.js';

/** An ApiProvider backed by the AWS SDK; clients are cached per (service, region) for the provider's lifetime. */
export function awsApiProvider(options: AwsClientOptions = {}): ApiProvider {
  const services: readonly AnyServiceDeclaration[] = SERVICES;
  const loaded = new Map<string, Promise<unknown>>();
  const byRegion = new Map<string, RegionApis>();
  const load = (service: AnyServiceDeclaration, region: string): Promise<unknown> => {
    const key = `${service.id}:${region}`;
    let api = loaded.get(key);
    if (!api) {
      api = service.loadApi(clientConfig(region, options));
      // A failed import is not kept: the next call tries again.
      api.catch(() => loaded.delete(key));
      loaded.set(key, api);
    }
    return api;
  };
  return (region) => {
    let apis = byRegion.get(region);
    if (!apis) {
      apis = Object.fromEntries(services.map((service) => [service.id, () => load(service, region)])) as {
        [S in ServiceId]: () => Promise<AwsApis[S]>;
      };
      byRegion.set(region, apis);
    }
    return apis;
  };
}
