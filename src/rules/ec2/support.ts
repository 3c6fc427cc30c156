/**
 * How EC2's CloudTrail records name resources. EC2 logs two shapes:
 * - the classic (query API) calls in camelCase, lists as `{ items: [...] }`:
 *   `requestParameters.groupId`, `responseElements.vpc.vpcId`, `responseElements.securityGroupRuleSet.items[].groupId`;
 * - the newer calls wrapped in `<Operation>Request`, in PascalCase, list members as `{ tag, content }`
 *   (one object, or an array of them): `requestParameters.CreateFlowLogsRequest.ResourceId`,
 *   `requestParameters.ModifySecurityGroupRulesRequest.GroupId`.
 */
import { type CloudTrailDetail, stringAt } from '../define-rule.js';

export const EC2_EVENT_SOURCE = 'ec2.amazonaws.com';

/** The strings of an EC2 list member: a string, a `{ content }` object, or an array / `{ items }` of those. */
export function listContents(value: unknown): string[] {
  if (typeof value === 'string') return value ? [value] : [];
  if (Array.isArray(value)) return value.flatMap(listContents);
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if ('content' in record) return listContents(record.content);
    if ('items' in record) return listContents(record.items);
    if ('item' in record) return listContents(record.item);
  }
  return [];
}

function unique(values: ReadonlyArray<string | undefined>): string[] {
  return [...new Set(values.filter((v): v is string => typeof v === 'string' && v.length > 0))];
}

/** The VPCs a CreateFlowLogs call attached flow logs to (subnet and interface flow logs name none). */
export function vpcsFromCreateFlowLogs(detail: CloudTrailDetail): string[] {
  const request = detail.requestParameters?.CreateFlowLogsRequest;
  if (request === null || typeof request !== 'object') return [];
  const { ResourceType: type, ResourceId: ids } = request as Record<string, unknown>;
  if (typeof type === 'string' && type !== 'VPC') return [];
  return unique(listContents(ids).filter((id) => id.startsWith('vpc-')));
}

/** CreateVpc answers the new id; DeleteVpc names it in the request. */
export function vpcFromEvent(detail: CloudTrailDetail): string[] {
  return unique([stringAt(detail.responseElements, 'vpc.vpcId'), stringAt(detail.requestParameters, 'vpcId')]);
}

/**
 * The security group a call changed: `groupId` (Authorize/Revoke/DeleteSecurityGroup), the wrapped
 * `GroupId` (ModifySecurityGroupRules), the new id CreateSecurityGroup answers, or the rules an
 * AuthorizeSecurityGroupIngress by `groupName` (default VPC) answers.
 */
export function securityGroupFromEvent(detail: CloudTrailDetail): string[] {
  const request = detail.requestParameters;
  const response = detail.responseElements;
  const ruleSet = response?.securityGroupRuleSet;
  const rules = ruleSet !== null && typeof ruleSet === 'object' ? (ruleSet as Record<string, unknown>).items : undefined;
  return unique([
    stringAt(request, 'groupId'),
    stringAt(request, 'ModifySecurityGroupRulesRequest.GroupId'),
    stringAt(response, 'groupId'),
    ...(Array.isArray(rules) ? rules : [rules]).map((rule) => stringAt(rule, 'groupId')),
  ]).filter((id) => id.startsWith('sg-'));
}

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
