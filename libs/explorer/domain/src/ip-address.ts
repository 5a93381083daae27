/**
 * Validation of the `clientIp` filter: an IPv4 or IPv6 address, or a CIDR block of either. OpenSearch's
 * `ip` field matches both forms in a `terms` query (a block with host bits set, `10.0.0.1/8`, means
 * `10.0.0.0/8` there), so a valid value is passed on as written, with IPv6 letters in lower case.
 */
const ipv4Octet = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
// Leading zeros are refused: `010` is octal in some parsers and decimal in others.
const ipv4Pattern = new RegExp(`^${ipv4Octet}(?:\\.${ipv4Octet}){3}$`);
const hexGroup = /^[0-9a-f]{1,4}$/;

export function isIpv4(value: string): boolean {
  return ipv4Pattern.test(value);
}

export function isIpv6(value: string): boolean {
  const address = value.toLowerCase();
  const halves = address.split('::');
  if (halves.length > 2) return false;
  const groupsOf = (part: string): string[] | null => {
    if (part === '') return [];
    const groups = part.split(':');
    // An embedded IPv4 address (`::ffff:192.0.2.1`) may only end the address and stands for two groups.
    const last = groups[groups.length - 1];
    const words = last.includes('.') ? (isIpv4(last) ? [...groups.slice(0, -1), '0', '0'] : null) : groups;
    return words && words.every((group) => hexGroup.test(group)) ? words : null;
  };
  const head = groupsOf(halves[0]);
  const tail = halves.length === 2 ? groupsOf(halves[1]) : [];
  if (head === null || tail === null) return false;
  if (halves.length === 2 && halves[0].includes('.')) return false;
  const count = head.length + tail.length;
  return halves.length === 2 ? count <= 7 : count === 8;
}

export type IpFilterValue = { kind: 'address' | 'block'; value: string };

/** Returns the value to match, or null when it is neither an address nor a CIDR block. */
export function parseIpOrCidr(raw: string): IpFilterValue | null {
  const [address, prefix, extra] = raw.split('/');
  if (extra !== undefined) return null;
  const v4 = isIpv4(address);
  const v6 = !v4 && isIpv6(address);
  if (!v4 && !v6) return null;
  const value = v6 ? raw.toLowerCase() : raw;
  if (prefix === undefined) return { kind: 'address', value };
  if (!/^(?:0|[1-9]\d{0,2})$/.test(prefix) || Number(prefix) > (v4 ? 32 : 128)) return null;
  if (v6) {
    // OpenSearch stores an IPv4-mapped address (`::ffff:10.1.2.3`) as the IPv4 address, and refuses a
    // block written in that form: it is the IPv4 block of the last 32 bits.
    const mapped = ipv4OfMapped(address.toLowerCase());
    if (mapped !== null) return Number(prefix) >= 96 ? { kind: 'block', value: `${mapped}/${Number(prefix) - 96}` } : null;
  }
  return { kind: 'block', value };
}

/** The IPv4 address of an IPv4-mapped IPv6 address (`::ffff:10.1.2.3`, `::ffff:a01:203`); null for any other. */
function ipv4OfMapped(address: string): string | null {
  const groups = ipv6Groups(address);
  if (groups.slice(0, 5).some((group) => group !== 0) || groups[5] !== 0xffff) return null;
  return [groups[6] >> 8, groups[6] & 0xff, groups[7] >> 8, groups[7] & 0xff].join('.');
}

/** The eight 16-bit groups of a valid IPv6 address (checked by isIpv6). */
function ipv6Groups(address: string): number[] {
  const wordsOf = (part: string): number[] =>
    part === ''
      ? []
      : part.split(':').flatMap((group) => {
          if (!group.includes('.')) return [parseInt(group, 16)];
          const [a, b, c, d] = group.split('.').map(Number);
          return [(a << 8) | b, (c << 8) | d];
        });
  const [head, tail] = address.split('::');
  if (tail === undefined) return wordsOf(head);
  const first = wordsOf(head);
  const last = wordsOf(tail);
  return [...first, ...new Array<number>(8 - first.length - last.length).fill(0), ...last];
}
