/**
 * osls always compiles a shared `IamRoleLambdaExecution` role; serverless-iam-roles-per-function then
 * gives every function its own role but leaves the shared one in the template, unused, with log, X-Ray
 * and SQS permissions. This local plugin removes it once nothing references it, so the stack holds
 * only the per-function least-privilege roles. Listed after serverless-iam-roles-per-function in
 * serverless.yml: hooks of the same event run in plugin order.
 */
'use strict';

const DEFAULT_ROLE = 'IamRoleLambdaExecution';

class DropUnusedDefaultRole {
  constructor(serverless) {
    this.serverless = serverless;
    this.hooks = { 'before:package:finalize': () => this.drop() };
  }

  drop() {
    const template = this.serverless.service.provider.compiledCloudFormationTemplate;
    const { [DEFAULT_ROLE]: role, ...others } = template.Resources;
    if (!role) return;
    // Any Ref, GetAtt, Sub or DependsOn naming the role keeps it (per-function roles only end with its name).
    const mentioned = new RegExp(`(^|[^A-Za-z0-9])${DEFAULT_ROLE}([^A-Za-z0-9]|$)`).test(JSON.stringify({ ...template, Resources: others }));
    if (!mentioned) delete template.Resources[DEFAULT_ROLE];
  }
}

module.exports = DropUnusedDefaultRole;
