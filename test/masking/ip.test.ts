import { describe, expect, it } from 'vitest';
import { ip } from '../../src/masking/detectors/ip.js';
import { hits } from './helpers.js';

describe('IP address detector', () => {
  it.each([
    ['IPv4', 'from 10.0.0.1 at noon', '10.0.0.1'],
    ['IPv4 extremes', '255.255.255.255', '255.255.255.255'],
    ['IPv4 with a port', 'connect from 192.168.1.20:5432', '192.168.1.20'],
    ['IPv4 ending a sentence', 'reach 10.0.0.1.', '10.0.0.1'],
    ['full IPv6', '2001:0db8:85a3:0000:0000:8a2e:0370:7334', '2001:0db8:85a3:0000:0000:8a2e:0370:7334'],
    ['compressed IPv6', 'host 2001:db8::8a2e:370:7334 up', '2001:db8::8a2e:370:7334'],
    ['link-local IPv6', 'fe80::1ff:fe23:4567:890a', 'fe80::1ff:fe23:4567:890a'],
    ['IPv4-mapped IPv6', 'client ::ffff:192.0.2.128', '::ffff:192.0.2.128'],
  ])('finds %s', (_form, text, address) => {
    expect(hits(ip, text)).toEqual([address]);
  });

  it('labels findings IP_ADDRESS', () => {
    expect(ip.find('10.0.0.1')).toEqual([{ detector: 'ip', label: 'IP_ADDRESS', start: 0, end: 8 }]);
  });

  it.each([
    ['a three-part version', 'version 1.2.3'],
    ['a version with a v', 'v1.2.3.4'],
    ['an octet over 255', '256.1.1.1'],
    ['leading zeros', '01.02.03.04'],
    ['five parts', '1.2.3.4.5'],
    ['a time', '12:30:45'],
    ['a timestamp', '2024-05-01T12:30:45.123Z'],
    ['a date', '2024.05.01'],
    ['a MAC address', '00:1a:2b:3c:4d:5e'],
    ['the loopback shorthand', '::1'],
    ['a decimal', '3.14159'],
    ['hex words', 'deadbeef:cafe'],
  ])('does not flag %s', (_why, text) => {
    expect(hits(ip, text)).toEqual([]);
  });
});
