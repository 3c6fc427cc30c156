/**
 * Everything Preflight knows about calling Elastic Load Balancing v2: the facts reader (the commands it sends are listed in sdk.ts). Load balancers are named by their ARN, which is also what
 * WAF associations and CloudTrail events carry.
 */
import type { LoadBalancer, DescribeLoadBalancersOutput } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Elbv2Api } from './sdk.js';
import { ServiceReader, findOrGone, page } from '../../reader-base.js';

export interface LoadBalancerFacts {
  arn: string;
  name: string;
  /** `application`, `network` or `gateway`. */
  type: string;
  /** `internet-facing` or `internal`; undefined when DescribeLoadBalancers did not say. */
  scheme?: string;
  /** `active`, `provisioning`, `active_impaired` or `failed`. */
  state?: string;
  dnsName?: string;
}

/**
 * The parts of a load balancer ARN
 * (`arn:aws:elasticloadbalancing:<region>:<account>:loadbalancer/<app|net|gwy>/<name>/<id>`).
 */
export function parseLoadBalancerArn(arn: string): { region: string; accountId: string; kind: 'app' | 'net' | 'gwy'; name: string; id: string } | undefined {
  const match = /^arn:[^:]+:elasticloadbalancing:([^:]+):(\d{12}):loadbalancer\/(app|net|gwy)\/([^/]+)\/([^/]+)$/.exec(arn);
  if (!match) return undefined;
  const [, region, accountId, kind, name, id] = match;
  if (!region || !accountId || !name || !id) return undefined;
  return { region, accountId, kind: kind as 'app' | 'net' | 'gwy', name, id };
}

// DescribeLoadBalancers returns at most 400 per page.
const PAGE_SIZE = 400;
// The SDK names the class LoadBalancerNotFoundException; the query API's code is LoadBalancerNotFound.
const NOT_FOUND = new Set(['LoadBalancerNotFoundException', 'LoadBalancerNotFound']);

export class Elbv2Reader extends ServiceReader<Elbv2Api> {
  protected readonly service = 'elbv2';

  /** Every load balancer (application, network, gateway) of the region, all pages. */
  loadBalancers(): Promise<readonly LoadBalancerFacts[]> {
    return this.listing('loadBalancers', 'DescribeLoadBalancers', async (api, Marker) =>
      loadBalancerPage(await api.describeLoadBalancers({ PageSize: PAGE_SIZE, Marker })),
    );
  }

  /**
   * One load balancer by ARN: from the listing when a sweep made one, else DescribeLoadBalancers for
   * that ARN alone. A load balancer that does not exist (any more) is ResourceNotFoundError.
   */
  loadBalancer(arn: string): Promise<LoadBalancerFacts> {
    // Say which load balancer is gone: the ARN's last segment is an opaque id.
    const loadBalancer = { name: arn, reason: `load balancer ${parseLoadBalancerArn(arn)?.name ?? arn} no longer exists` };
    const isIt = (lb: LoadBalancerFacts) => lb.arn === arn;
    return this.fact(`loadBalancer:${arn}`, async () => {
      if (this.known('loadBalancers')) return findOrGone(await this.loadBalancers(), isIt, loadBalancer);
      const out = await this.sendAbout(loadBalancer, NOT_FOUND, 'DescribeLoadBalancers', (api) => api.describeLoadBalancers({ LoadBalancerArns: [arn] }));
      return findOrGone(out.LoadBalancers?.map(toFacts), isIt, loadBalancer);
    });
  }
}

const KIND_TYPES: Readonly<Record<string, string>> = { app: 'application', net: 'network', gwy: 'gateway' };

/** A DescribeLoadBalancers answer, as a page of facts. */
const loadBalancerPage = (out: DescribeLoadBalancersOutput) => page(out.LoadBalancers, toFacts, out.NextMarker);

function toFacts(lb: LoadBalancer): LoadBalancerFacts | undefined {
  if (!lb.LoadBalancerArn) return undefined;
  return {
    arn: lb.LoadBalancerArn,
    name: lb.LoadBalancerName ?? parseLoadBalancerArn(lb.LoadBalancerArn)?.name ?? lb.LoadBalancerArn,
    // The ARN names the kind too (loadbalancer/app/...), should the answer leave Type out.
    type: lb.Type ?? KIND_TYPES[parseLoadBalancerArn(lb.LoadBalancerArn)?.kind ?? ''] ?? 'unknown',
    scheme: lb.Scheme || undefined,
    state: lb.State?.Code,
    dnsName: lb.DNSName,
  };
}
