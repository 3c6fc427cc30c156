/** Mirrors ACM certificates, load balancers, REST API stages, WAF web ACLs and SES identities into moto. */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ImportCertificateCommand } from '@aws-sdk/client-acm';
import {
  CreateDeploymentCommand,
  CreateRestApiCommand,
  CreateStageCommand,
  GetResourcesCommand,
  PutIntegrationCommand,
  PutMethodCommand,
} from '@aws-sdk/client-api-gateway';
import { CreateLoadBalancerCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { CreateEmailIdentityCommand } from '@aws-sdk/client-sesv2';
import { AssociateWebACLCommand, CreateWebACLCommand } from '@aws-sdk/client-wafv2';
import type { MemoryCertificate } from '../../../src/cli/demo/memory-account/acm.js';
import { memoryLoadBalancerArn } from '../../../src/cli/demo/memory-account/elbv2.js';
import { type MirrorContext, regional, replaceIds } from './context.js';
import { subnetsFor } from './network.js';
import { motoQuery } from './raw.js';

const CERT_SCRIPT = fileURLToPath(new URL('./self_signed_certs.py', import.meta.url));

interface Pem {
  certificate: string;
  privateKey: string;
}

/** Self-signed certificates valid exactly when the in-memory ones are (Python's `cryptography`, which moto needs anyway). */
function selfSigned(certs: readonly MemoryCertificate[]): Promise<Pem[]> {
  const now = Date.now();
  const requests = certs.map((c) => ({
    domain: c.domainName,
    notBefore: (c.notBefore ?? new Date(now - 86_400_000)).toISOString(),
    notAfter: (c.notAfter ?? new Date(now + 365 * 86_400_000)).toISOString(),
  }));
  return new Promise((resolve, reject) => {
    const child = execFile('python3', [CERT_SCRIPT], { maxBuffer: 4 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${CERT_SCRIPT} failed: ${stderr || error.message}`));
      else resolve(JSON.parse(stdout) as Pem[]);
    });
    child.stdin?.end(JSON.stringify(requests));
  });
}

export async function mirrorAcm(context: MirrorContext, region: string): Promise<void> {
  const certs = regional(context, region)?.acm.certificates ?? [];
  if (certs.length === 0) return;
  const { acm } = context.clients(region);
  const pems = await selfSigned(certs);
  for (const [i, cert] of certs.entries()) {
    const pem = pems[i];
    if (!pem) throw new Error(`no certificate generated for ${cert.domainName}`);
    const imported = await acm.send(new ImportCertificateCommand({ Certificate: Buffer.from(pem.certificate), PrivateKey: Buffer.from(pem.privateKey) }));
    const arn = imported.CertificateArn ?? '';
    context.ids.set(cert.id, arn.split('/').pop() ?? '');
    if ((cert.type ?? 'AMAZON_ISSUED') !== 'IMPORTED') {
      context.approximations.push(
        `acm: ${cert.domainName} is ${cert.type ?? 'AMAZON_ISSUED'}; imported in moto (moto's requested certificates never leave PENDING_VALIDATION)`,
      );
    }
    if ((cert.inUseBy ?? []).length > 0) {
      // Only a classic load balancer's HTTPS listener makes moto's ACM report a certificate in use.
      await motoQuery(context.moto.endpoint, 'elasticloadbalancing', region, {
        Action: 'CreateLoadBalancer',
        Version: '2012-06-01',
        LoadBalancerName: `uses-${i}-${cert.id.slice(0, 8)}`,
        'Subnets.member.1': (await subnetsFor(context, region))[0] ?? '',
        'Listeners.member.1.Protocol': 'HTTPS',
        'Listeners.member.1.LoadBalancerPort': '443',
        'Listeners.member.1.InstanceProtocol': 'HTTP',
        'Listeners.member.1.InstancePort': '80',
        'Listeners.member.1.SSLCertificateId': arn,
      });
      context.approximations.push(`acm: ${cert.domainName} is in use by a classic load balancer in moto (by ${cert.inUseBy?.join(', ')} in memory)`);
    }
  }
}

export async function mirrorEdge(context: MirrorContext, region: string): Promise<void> {
  const state = regional(context, region);
  if (!state) return;
  const { elbv2, apigateway, wafv2, ses } = context.clients(region);
  const { accountId } = context.account;
  if (state.elbv2.loadBalancers.length > 0) {
    const subnets = await subnetsFor(context, region);
    for (const lb of state.elbv2.loadBalancers) {
      const created = await elbv2.send(
        new CreateLoadBalancerCommand({ Name: lb.name, Subnets: subnets, Scheme: lb.scheme ?? 'internet-facing', Type: lb.type ?? 'application' }),
      );
      context.ids.set(memoryLoadBalancerArn(region, accountId, lb), created.LoadBalancers?.[0]?.LoadBalancerArn ?? '');
    }
  }
  for (const api of state.apigateway.restApis) {
    const created = await apigateway.send(new CreateRestApiCommand({ name: api.name, endpointConfiguration: { types: [api.endpointType ?? 'REGIONAL'] } }));
    const restApiId = created.id ?? '';
    context.ids.set(api.id, restApiId);
    // A deployment needs a method (as in AWS): GET / answered by a mock integration.
    const { items = [] } = await apigateway.send(new GetResourcesCommand({ restApiId }));
    const resourceId = items.find((r) => r.path === '/')?.id;
    await apigateway.send(new PutMethodCommand({ restApiId, resourceId, httpMethod: 'GET', authorizationType: 'NONE' }));
    await apigateway.send(new PutIntegrationCommand({ restApiId, resourceId, httpMethod: 'GET', type: 'MOCK' }));
    for (const stage of api.stages) {
      const deployment = await apigateway.send(new CreateDeploymentCommand({ restApiId }));
      await apigateway.send(new CreateStageCommand({ restApiId, stageName: stage.name, deploymentId: deployment.id }));
    }
  }
  for (const acl of state.wafv2.webAcls) {
    const created = await wafv2.send(
      new CreateWebACLCommand({
        Name: acl.name,
        Scope: 'REGIONAL',
        DefaultAction: { Allow: {} },
        Rules: [],
        VisibilityConfig: { SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: acl.name },
      }),
    );
    for (const resource of acl.associatedResources) {
      await wafv2.send(new AssociateWebACLCommand({ WebACLArn: created.Summary?.ARN, ResourceArn: replaceIds(context.ids, resource) }));
    }
  }
  for (const identity of state.ses.identities) {
    await ses.send(new CreateEmailIdentityCommand({ EmailIdentity: identity.name }));
    if ((identity.verificationStatus ?? 'SUCCESS') !== 'SUCCESS') {
      context.approximations.push(`ses: ${identity.name} is ${identity.verificationStatus} (moto verifies every identity at once)`);
    }
  }
}
