/**
 * Which IP addresses a manual check may reach: public unicast only. Private, loopback,
 * link-local, CGNAT, multicast, unspecified, documentation and reserved ranges are refused, for
 * IPv4, IPv6, and IPv4 inside IPv6 (mapped ::ffff:a.b.c.d, NAT64 64:ff9b::/96, 6to4 2002::/16).
 */
import { isIP } from 'node:net';

const V4_BLOCKED: Array<[string, number, string]> = [
  ['0.0.0.0', 8, 'unspecified'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'carrier-grade NAT'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'IETF protocol assignments'],
  ['192.0.2.0', 24, 'documentation'],
  ['192.88.99.0', 24, '6to4 relay'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
];

function v4ToInt(ip: string): number {
  const p = ip.split('.').map(Number);
  return ((p[0] << 24) | (p[1] << 16) | (p[2] << 8) | p[3]) >>> 0;
}

const V4_TABLE = V4_BLOCKED.map(([base, bits, kind]) => ({ base: v4ToInt(base), mask: bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0, kind }));

/** The 8 16-bit groups of an IPv6 address (with an embedded dotted IPv4 tail expanded). */
function v6Groups(ip: string): number[] {
  let text = ip.toLowerCase().replace(/%.*$/, '');
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const n = v4ToInt(dotted[1]);
    text = `${text.slice(0, dotted.index)}${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, null];
  const h = head ? head.split(':') : [];
  const t = tail === null ? [] : tail ? tail.split(':') : [];
  const fill = tail === null ? [] : new Array(8 - h.length - t.length).fill('0');
  return [...h, ...fill, ...t].map((g) => parseInt(g || '0', 16));
}

/** Why an address is not public (`loopback`, `private` ...), or null when it is public unicast. */
export function nonPublicReason(ip: string): string | null {
  const family = isIP(ip.replace(/^\[|\]$/g, ''));
  const address = ip.replace(/^\[|\]$/g, '');
  if (family === 4) {
    const n = v4ToInt(address);
    if (n === 0xffffffff) return 'broadcast';
    for (const r of V4_TABLE) if ((n & r.mask) >>> 0 === r.base) return r.kind;
    return null;
  }
  if (family !== 6) return 'not an IP address';
  const g = v6Groups(address);
  const embedded = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  if (g.every((x) => x === 0)) return 'unspecified';
  if (g.slice(0, 7).every((x) => x === 0) && g[7] === 1) return 'loopback';
  // ::ffff:a.b.c.d (mapped), ::a.b.c.d (compatible, deprecated), 64:ff9b::a.b.c.d (NAT64)
  if (g.slice(0, 5).every((x) => x === 0) && (g[5] === 0xffff || g[5] === 0)) {
    const inner = nonPublicReason(embedded(g[6], g[7]));
    return inner ? `${inner} (IPv4 in IPv6)` : g[5] === 0 ? 'IPv4-compatible IPv6' : null;
  }
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) {
    const inner = nonPublicReason(embedded(g[6], g[7]));
    return inner ? `${inner} (NAT64)` : null;
  }
  if (g[0] === 0x2002) {
    const inner = nonPublicReason(embedded(g[1], g[2]));
    return inner ? `${inner} (6to4)` : null;
  }
  if ((g[0] & 0xfe00) === 0xfc00) return 'private (unique local)';
  if ((g[0] & 0xffc0) === 0xfe80) return 'link-local';
  if ((g[0] & 0xffc0) === 0xfec0) return 'site-local';
  if ((g[0] & 0xff00) === 0xff00) return 'multicast';
  if (g[0] === 0x2001 && g[1] === 0x0db8) return 'documentation';
  if (g[0] === 0x0100 && g.slice(1, 4).every((x) => x === 0)) return 'discard-only';
  if (g[0] === 0x2001 && g[1] < 0x200) return 'IETF protocol assignments';
  return null;
}

export function isPublicAddress(ip: string): boolean {
  return nonPublicReason(ip) === null;
}
