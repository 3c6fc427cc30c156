/** Elastic Load Balancing v2 of an in-memory account: answers the Elbv2Api from plain data, as ELBv2 would. */
import { createHash } from 'node:crypto';
import type { LoadBalancer } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Elbv2Api } from '#shared/aws/services/elbv2/sdk.js';
import { type MemoryCall, MemoryServiceError, notFound, paginate } from './support.js';

export interface MemoryLoadBalancer {
  name: string;
  /** Default `application`. */
  type?: 'application' | 'network' | 'gateway';
  /** Default `internet-facing`. */
  scheme?: 'internet-facing' | 'internal';
  /** Default `active`. */
  state?: 'active' | 'provisioning' | 'active_impaired' | 'failed';
  /** The id ending the ARN; default a stable hash of the name. */
  id?: string;
}

export interface MemoryElbv2State {
  loadBalancers: MemoryLoadBalancer[];
}

export function emptyElbv2State(): MemoryElbv2State {
  return { loadBalancers: [] };
}

const KIND = { application: 'app', network: 'net', gateway: 'gwy' } as const;

/** The ARN the in-memory ELBv2 gives a load balancer (samples use it to associate web ACLs). */
export function memoryLoadBalancerArn(region: string, accountId: string, lb: MemoryLoadBalancer): string {
  const id = lb.id ?? createHash('sha256').update(`${region}/${lb.name}`).digest('hex').slice(0, 16);
  return `arn:aws:elasticloadbalancing:${region}:${accountId}:loadbalancer/${KIND[lb.type ?? 'application']}/${lb.name}/${id}`;
}

// DescribeLoadBalancers accepts PageSize 1..400.
const MAX_PAGE_SIZE = 400;

export function memoryElbv2Api(state: MemoryElbv2State, region: string, accountId: string, call: MemoryCall): Elbv2Api {
  const toLoadBalancer = (lb: MemoryLoadBalancer): LoadBalancer => {
    const arn = memoryLoadBalancerArn(region, accountId, lb);
    const scheme = lb.scheme ?? 'internet-facing';
    return {
      LoadBalancerArn: arn,
      LoadBalancerName: lb.name,
      DNSName: `${scheme === 'internal' ? 'internal-' : ''}${lb.name}-${arn.slice(-10)}.${region}.elb.amazonaws.com`,
      Type: lb.type ?? 'application',
      Scheme: scheme,
      State: { Code: lb.state ?? 'active' },
      IpAddressType: 'ipv4',
      VpcId: 'vpc-0sample',
    };
  };

  return {
    describeLoadBalancers: (input) =>
      call('elbv2', 'DescribeLoadBalancers', input, () => {
        if (input.PageSize !== undefined && (input.PageSize < 1 || input.PageSize > MAX_PAGE_SIZE)) {
          throw new MemoryServiceError('ValidationError', `PageSize must be between 1 and ${MAX_PAGE_SIZE}`);
        }
        const named = input.LoadBalancerArns ?? [];
        if (named.length > 0) {
          const found = named.map((arn) => {
            const lb = state.loadBalancers.find((l) => memoryLoadBalancerArn(region, accountId, l) === arn);
            // The SDK names the exception class this way (the wire code is LoadBalancerNotFound).
            if (!lb) throw notFound('LoadBalancerNotFoundException', `One or more load balancers not found: ${arn}`);
            return toLoadBalancer(lb);
          });
          return { LoadBalancers: found };
        }
        const page = paginate(state.loadBalancers, input.Marker, input.PageSize ?? MAX_PAGE_SIZE);
        return { LoadBalancers: page.items.map(toLoadBalancer), NextMarker: page.next };
      }),
  };
}
