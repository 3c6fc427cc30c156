/**
 * The AWS SDK side of the facts layer: one client per (service, region), created on first use and
 * kept for the life of the process (a Lambda container, a CLI run). A service's client is loaded with
 * a dynamic import of its SDK binding the first time a reader calls it, so an invocation that reads
 * S3 only never loads the other clients (in an ESM bundle with code splitting, each is its own chunk).
 */
import { PreflightError } from '#shared/core/errors.js';
import { type AwsClientOptions, clientConfig } from './client-config.js';
import { type ApiProvider, lazyRegionApis, type RegionApis } from './readers.js';
import type { AnyServiceDeclaration } from './service.js';
import { SERVICES } from './services/index.js';

export { type AwsClientOptions, clientConfig, DEFAULT_CLIENT_OPTIONS } from './client-config.js';

/** An ApiProvider backed by the AWS SDK; clients are cached per (service, region) for the provider's lifetime. */
export function awsApiProvider(options: AwsClientOptions = {}): ApiProvider {
  const services: ReadonlyMap<string, AnyServiceDeclaration> = new Map(SERVICES.map((service) => [service.id, service]));
  const byRegion = new Map<string, RegionApis>();
  return (region) => {
    let apis = byRegion.get(region);
    if (!apis) {
      apis = lazyRegionApis(async (id) => {
        const service = services.get(id);
        // The ids come from the same list: only a broken registry gets here.
        if (!service) throw new PreflightError(`no service ${id} in the registry`);
        return service.loadApi(clientConfig(region, options));
      });
      byRegion.set(region, apis);
    }
    return apis;
  };
}
