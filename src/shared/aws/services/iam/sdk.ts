/** IAM's SDK binding: the only module that loads '@aws-sdk/client-iam' (imported on first use). */
import {
  IAMClient,
  GetAccountSummaryCommand,
  GetGroupPolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRolePolicyCommand,
  GetUserPolicyCommand,
  ListEntitiesForPolicyCommand,
  ListGroupPoliciesCommand,
  ListGroupsCommand,
  ListPoliciesCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
  ListUserPoliciesCommand,
  ListUsersCommand,
} from '@aws-sdk/client-iam';
import type { ClientConfig } from '../../client-config.js';
import { type ApiOf, bindCommands } from '../../commands.js';

const COMMANDS = {
  ListPoliciesCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  ListEntitiesForPolicyCommand,
  ListRolesCommand,
  ListUsersCommand,
  ListGroupsCommand,
  ListRolePoliciesCommand,
  ListUserPoliciesCommand,
  ListGroupPoliciesCommand,
  GetRolePolicyCommand,
  GetUserPolicyCommand,
  GetGroupPolicyCommand,
  GetAccountSummaryCommand,
};

/** The IAM calls Preflight makes, one method per command (IAM answers from the partition's home region). */
export type IamApi = ApiOf<typeof COMMANDS>;

/** The API over a new client built with Preflight's config. */
export const sdkApi = (config: ClientConfig): IamApi => bindCommands(new IAMClient(config), COMMANDS);
