import { describe, expect, it } from 'vitest';
import { FeedAddressRefused, assertPublicHost, isPublicAddress } from '../../../../lib/adapters/calendars/ics/address-guard.js';

describe('which addresses a feed URL may reach', () => {
  it('public addresses pass', () => {
    for (const address of ['8.8.8.8', '1.1.1.1', '142.250.1.1', '2606:4700:4700::1111', '2a00:1450:4001::200e']) {
      expect(isPublicAddress(address), address).toBe(true);
    }
  });

  it('loopback, private, link-local, metadata, CGNAT, multicast and reserved ranges are refused', () => {
    const refused = [
      '127.0.0.1', '127.1.2.3', '0.0.0.0', '10.0.0.5', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254',
      '100.64.0.1', '224.0.0.1', '255.255.255.255', '198.18.0.1', '::1', '::', 'fe80::1', 'fd00:ec2::254', 'fc00::1', 'ff02::1',
    ];
    for (const address of refused) expect(isPublicAddress(address), address).toBe(false);
  });

  it('IPv6 wrappers of a private IPv4 address are refused too (mapped, compatible, NAT64, 6to4)', () => {
    for (const address of ['::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:a9fe:a9fe', '::127.0.0.1', '64:ff9b::10.0.0.1', '64:ff9b::a00:1', '2002:a9fe:a9fe::1']) {
      expect(isPublicAddress(address), address).toBe(false);
    }
    expect(isPublicAddress('::ffff:8.8.8.8')).toBe(true);
  });

  it('a host name is refused when any of its addresses is not public, and literal addresses are checked without DNS', async () => {
    const resolver = (answers: Record<string, string[]>) => async (name: string) => answers[name] ?? [];
    const dns = resolver({ 'feeds.example': ['93.184.216.34'], 'rebind.example': ['93.184.216.34', '127.0.0.1'], 'nothing.example': [] });
    await expect(assertPublicHost(new URL('https://feeds.example/cal.ics'), dns)).resolves.toBeUndefined();
    await expect(assertPublicHost(new URL('https://rebind.example/cal.ics'), dns)).rejects.toBeInstanceOf(FeedAddressRefused);
    await expect(assertPublicHost(new URL('https://nothing.example/cal.ics'), dns)).rejects.toBeInstanceOf(FeedAddressRefused);
    const noDns = async () => { throw new Error('DNS must not be asked'); };
    await expect(assertPublicHost(new URL('http://169.254.169.254/latest/meta-data/'), noDns)).rejects.toThrow(/public internet/);
    await expect(assertPublicHost(new URL('http://[::ffff:127.0.0.1]:8080/'), noDns)).rejects.toBeInstanceOf(FeedAddressRefused);
    await expect(assertPublicHost(new URL('http://2130706433/'), noDns)).rejects.toBeInstanceOf(FeedAddressRefused); // WHATWG URL reads it as 127.0.0.1
  });
});
