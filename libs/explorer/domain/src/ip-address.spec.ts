import { isIpv6, parseIpOrCidr } from './ip-address';

describe('parseIpOrCidr', () => {
  it.each([
    ['203.0.113.7', { kind: 'address', value: '203.0.113.7' }],
    ['0.0.0.0/0', { kind: 'block', value: '0.0.0.0/0' }],
    ['10.1.2.3/8', { kind: 'block', value: '10.1.2.3/8' }],
    ['2001:DB8::1', { kind: 'address', value: '2001:db8::1' }],
    ['::', { kind: 'address', value: '::' }],
    ['::ffff:192.0.2.1', { kind: 'address', value: '::ffff:192.0.2.1' }],
    ['2001:db8::/32', { kind: 'block', value: '2001:db8::/32' }],
    ['1:2:3:4:5:6:7:8/128', { kind: 'block', value: '1:2:3:4:5:6:7:8/128' }],
    // OpenSearch refuses a block in the IPv4-mapped form: it becomes the IPv4 block it stands for.
    ['::ffff:10.1.2.0/120', { kind: 'block', value: '10.1.2.0/24' }],
    ['::FFFF:a01:200/120', { kind: 'block', value: '10.1.2.0/24' }],
    ['0:0:0:0:0:ffff:10.1.2.3/128', { kind: 'block', value: '10.1.2.3/32' }],
    ['::fffe:10.1.2.0/120', { kind: 'block', value: '::fffe:10.1.2.0/120' }],
  ])('accepts %s', (raw, expected) => {
    expect(parseIpOrCidr(raw)).toEqual(expected);
  });

  it.each(['', '10.0.0', '10.0.0.01', '256.0.0.1', '10.0.0.1/33', '10.0.0.1/', '10.0.0.1/08', '10.0.0.1/8/8', '1:2:3:4:5:6:7:8:9', '1::2::3', '12345::1', '2001:db8::/129', 'fe80::1%eth0', '1.2.3.4::', 'localhost', '::ffff:10.1.2.0/95'])(
    'refuses %j',
    (raw) => {
      expect(parseIpOrCidr(raw)).toBeNull();
    },
  );

  it('counts an embedded IPv4 address as two groups', () => {
    expect(isIpv6('1:2:3:4:5:6:192.0.2.1')).toBe(true);
    expect(isIpv6('1:2:3:4:5:6:7:192.0.2.1')).toBe(false);
  });
});
