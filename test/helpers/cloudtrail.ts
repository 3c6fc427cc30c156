/**
 * Routes a CloudTrail record the way the cloudtrailEvent handler does: parsed at the edge first (a
 * record that does not parse is the handler's `malformed` skip), then handed to the router.
 */
import { cloudTrailDetailSchema, type Route, type RouteOptions, routeCloudTrailDetail, type TriggerTable } from '#shared/engine/cloudtrail-router.js';

export function routeRecord(input: unknown, table: TriggerTable, options: RouteOptions = {}): Route {
  const parsed = cloudTrailDetailSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { action: 'skip', reason: 'malformed', message: `detail.${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}` };
  }
  return routeCloudTrailDetail(parsed.data, table, options);
}
