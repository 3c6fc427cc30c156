/** The SDK binding of IamApi: the only module that loads '@aws-sdk/client-iam' (imported on first use). */
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
import { readable } from '../../raw-answers.js';
import type { IamApi } from './reader.js';

/** The API over a new client built with Preflight's config. */
export function sdkApi(config: ClientConfig): IamApi {
  return awsIamApi(readable(new IAMClient(config)));
}

export function awsIamApi(client: IAMClient): IamApi {
  return {
    listPolicies: (input) => client.send(new ListPoliciesCommand(input)),
    getPolicy: (input) => client.send(new GetPolicyCommand(input)),
    getPolicyVersion: (input) => client.send(new GetPolicyVersionCommand(input)),
    listEntitiesForPolicy: (input) => client.send(new ListEntitiesForPolicyCommand(input)),
    listRoles: (input) => client.send(new ListRolesCommand(input)),
    listUsers: (input) => client.send(new ListUsersCommand(input)),
    listGroups: (input) => client.send(new ListGroupsCommand(input)),
    listRolePolicies: (input) => client.send(new ListRolePoliciesCommand(input)),
    listUserPolicies: (input) => client.send(new ListUserPoliciesCommand(input)),
    listGroupPolicies: (input) => client.send(new ListGroupPoliciesCommand(input)),
    getRolePolicy: (input) => client.send(new GetRolePolicyCommand(input)),
    getUserPolicy: (input) => client.send(new GetUserPolicyCommand(input)),
    getGroupPolicy: (input) => client.send(new GetGroupPolicyCommand(input)),
    getAccountSummary: (input) => client.send(new GetAccountSummaryCommand(input)),
  };
}
