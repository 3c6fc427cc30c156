/**
 * The stable identity of a finding outside Preflight (Security Hub `Id`, OCSF `finding_info.uid`): the
 * rule and the resource, so every export of the same finding updates one record instead of adding one.
 */
import { createHash } from 'node:crypto';

/** ASFF `Id` is at most 512 characters. */
const MAX_ID_LENGTH = 512;

export function findingUid(ruleId: string, resourceId: string): string {
  const id = `preflight/${ruleId}/${resourceId}`;
  if (id.length <= MAX_ID_LENGTH) return id;
  // Very long resource ids (log group ARNs can be 512 characters alone) keep a stable, short digest.
  return `preflight/${ruleId}/sha256-${createHash('sha256').update(resourceId).digest('hex')}`;
}
