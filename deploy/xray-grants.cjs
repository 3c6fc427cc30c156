/**
 * X-Ray is a deploy option (the `tracing` param sets provider.tracing.lambda). osls grants X-Ray writes to
 * its shared default role only, and serverless-iam-roles-per-function gives every function a role of its
 * own without them. This local plugin grants them on the role of each function the template traces
 * (TracingConfig) and nowhere else: with tracing off, no role holds an `xray:` action. Listed after
 * serverless-iam-roles-per-function in serverless.yml: hooks of the same event run in plugin order.
 */
'use strict';

/** What a traced function writes; X-Ray has no resource-level permissions. */
const XRAY_WRITES = { Effect: 'Allow', Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], Resource: '*' };

class XrayGrants {
  constructor(serverless) {
    this.serverless = serverless;
    this.hooks = { 'before:package:finalize': () => this.grant() };
  }

  grant() {
    const resources = this.serverless.service.provider.compiledCloudFormationTemplate.Resources;
    for (const [id, fn] of Object.entries(resources)) {
      if (fn.Type !== 'AWS::Lambda::Function' || !fn.Properties.TracingConfig) continue;
      const roleId = fn.Properties.Role?.['Fn::GetAtt']?.[0];
      const statements = resources[roleId]?.Properties?.Policies?.[0]?.PolicyDocument?.Statement;
      if (!Array.isArray(statements)) throw new Error(`xray-grants: ${id} is traced but has no role of this template to grant X-Ray writes on`);
      // The default role already has them (osls): one grant per role.
      if (!statements.some((s) => [s.Action].flat().includes('xray:PutTraceSegments'))) statements.push(structuredClone(XRAY_WRITES));
    }
  }
}

module.exports = XrayGrants;
