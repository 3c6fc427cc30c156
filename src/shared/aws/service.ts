/**
 * What Preflight knows of one AWS service, declared once in services/<id>/service.ts and listed in
 * services/index.ts: its id (the key of `AwsApis` and `Readers`), its IAM action prefix and CloudTrail
 * event source (rules' `iamActions` and triggers are tested against them), how to bind its API to the
 * SDK, and its reader. The SDK binding is a dynamic import, so a process loads the client of a
 * service only when something first calls it (a bundle with code splitting keeps it in its own chunk).
 */
import type { ClientConfig } from './client-config.js';
import type { ReaderContext } from './reader-base.js';

export interface ServiceDeclaration<Id extends string, Api, Reader> {
  id: Id;
  /** The prefix of its IAM actions (`s3` in `s3:GetBucketVersioning`). */
  iamPrefix: string;
  /** CloudTrail's `eventSource` for its management events. */
  eventSource: string;
  /** In-flight calls per region a scan allows by default (AWS throttles per service; this stays well below). */
  concurrency: number;
  // Methods, not function properties: a list of declarations of different APIs is then one type.
  /** Imports the SDK binding and builds the API over a new client. */
  loadApi(config: ClientConfig): Promise<Api>;
  reader(context: ReaderContext<Api>): Reader;
}

/** Declares a service; the identity function gives TypeScript the literal id and the API and reader types. */
export function defineService<const Id extends string, Api, Reader>(declaration: ServiceDeclaration<Id, Api, Reader>): ServiceDeclaration<Id, Api, Reader> {
  return declaration;
}

/** Any declaration, as the code that walks the registry sees it. */
export type AnyServiceDeclaration = ServiceDeclaration<string, unknown, unknown>;
