import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { CalendarUnavailable } from '../../../core/ports/calendar.js';

/**
 * Which addresses a calendar feed URL entered by a person may reach. A feed URL is untrusted
 * input that the server fetches: pointed at 169.254.169.254 it would read the cloud instance's
 * credentials, at 10.0.0.5 a service inside the VPC, at 127.0.0.1 the server's own admin ports.
 * Every address a host name resolves to is checked, on the first request and after every
 * redirect (a public URL may redirect to a private one).
 */

/** IANA special-purpose ranges (RFC 6890 and its updates) that are not the public internet. */
const NOT_PUBLIC: ReadonlyArray<readonly [string, number, 'ipv4' | 'ipv6']> = [
  ['0.0.0.0', 8, 'ipv4'], // "this network"
  ['10.0.0.0', 8, 'ipv4'], // private (RFC 1918)
  ['100.64.0.0', 10, 'ipv4'], // carrier-grade NAT (RFC 6598)
  ['127.0.0.0', 8, 'ipv4'], // loopback
  ['169.254.0.0', 16, 'ipv4'], // link-local, cloud instance metadata
  ['172.16.0.0', 12, 'ipv4'], // private
  ['192.0.0.0', 24, 'ipv4'], // IETF protocol assignments
  ['192.0.2.0', 24, 'ipv4'], // documentation
  ['192.168.0.0', 16, 'ipv4'], // private
  ['198.18.0.0', 15, 'ipv4'], // benchmarking
  ['198.51.100.0', 24, 'ipv4'], // documentation
  ['203.0.113.0', 24, 'ipv4'], // documentation
  ['224.0.0.0', 4, 'ipv4'], // multicast
  ['240.0.0.0', 4, 'ipv4'], // reserved, broadcast
  ['::', 128, 'ipv6'], // unspecified
  ['::1', 128, 'ipv6'], // loopback
  ['64:ff9b:1::', 48, 'ipv6'], // local-use NAT64
  ['100::', 64, 'ipv6'], // discard
  ['2001:db8::', 32, 'ipv6'], // documentation
  ['fc00::', 7, 'ipv6'], // unique local (AWS's IPv6 metadata address fd00:ec2::254 is in it)
  ['fe80::', 10, 'ipv6'], // link-local
  ['ff00::', 8, 'ipv6'], // multicast
];

const notPublic = new BlockList();
for (const [network, prefix, family] of NOT_PUBLIC) notPublic.addSubnet(network, prefix, family);

/** The IPv4 address an IPv6 address carries, where it is only a wrapper for one (mapped, compatible, NAT64, 6to4). */
function embeddedIpv4(address: string): string | undefined {
  const lower = address.toLowerCase();
  const dotted = /^(?:::ffff:|::|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted) return dotted[1];
  const words = expandIpv6(lower);
  if (!words) return undefined;
  const asIpv4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  const zeros = (from: number, to: number) => words.slice(from, to).every((w) => w === 0);
  if (zeros(0, 5) && (words[5] === 0xffff || words[5] === 0)) return asIpv4(words[6]!, words[7]!); // ::ffff:a.b.c.d, ::a.b.c.d
  if (words[0] === 0x64 && words[1] === 0xff9b && zeros(2, 6)) return asIpv4(words[6]!, words[7]!); // NAT64 (RFC 6052)
  if (words[0] === 0x2002) return asIpv4(words[1]!, words[2]!); // 6to4 (RFC 3056)
  return undefined;
}

function expandIpv6(address: string): number[] | undefined {
  const [head, tail] = address.split('::') as [string, string | undefined];
  const part = (s: string | undefined) => (s ? s.split(':').map((w) => parseInt(w, 16)) : []);
  const left = part(head);
  const right = part(tail);
  const fill = address.includes('::') ? 8 - left.length - right.length : 0;
  const words = [...left, ...Array<number>(Math.max(fill, 0)).fill(0), ...right];
  return words.length === 8 && words.every((w) => Number.isInteger(w) && w >= 0 && w <= 0xffff) ? words : undefined;
}

/** True when the address is on the public internet (and so may be fetched on a person's behalf). */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return !notPublic.check(address, 'ipv4');
  if (family !== 6) return false;
  const inner = embeddedIpv4(address);
  if (inner !== undefined && !isPublicAddress(inner)) return false;
  return !notPublic.check(address, 'ipv6');
}

/** The feed address names or resolves to a place a person's URL must not reach. */
export class FeedAddressRefused extends CalendarUnavailable {
  override name = 'FeedAddressRefused';
}

export type HostResolver = (hostname: string) => Promise<readonly string[]>;

export const resolveWithDns: HostResolver = async (hostname) => (await lookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

/**
 * Refuses a URL whose host is, or resolves to, any address that is not public. Every resolved
 * address must pass: a name with one public and one private address is refused, since the
 * connection may use either.
 */
export async function assertPublicHost(url: URL, resolve: HostResolver = resolveWithDns): Promise<void> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const refuse = () => new FeedAddressRefused(`Calendar feeds must be on the public internet; ${url.host} is a private, local or reserved address.`);
  if (isIP(host)) {
    if (!isPublicAddress(host)) throw refuse();
    return;
  }
  let addresses: readonly string[];
  try {
    addresses = await resolve(host);
  } catch (error) {
    throw new CalendarUnavailable(`Could not find the calendar feed's host ${url.host}`, { cause: error });
  }
  if (addresses.length === 0 || !addresses.every(isPublicAddress)) throw refuse();
}
