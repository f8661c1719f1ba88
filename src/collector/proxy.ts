// Which proxies the collector believes. X-Forwarded-For is a list each proxy appends to; its
// left-most entries are whatever the visitor wrote. So the client address is read from the
// right: past a fixed number of proxies, or past the proxies' own addresses. Never "trust all".
import { isIP } from 'node:net';

/** Proxies in front of the collector: how many, or their addresses (CIDR ranges allowed). */
export type TrustedProxies = number | string[];

/** proxy-addr's names for address ranges, accepted as addresses. */
const RANGES = ['loopback', 'linklocal', 'uniquelocal'];

const isAddress = (value: string) => {
  const [address = '', bits, ...rest] = value.split('/');
  if (rest.length || !isIP(address)) return RANGES.includes(value);
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (isIP(address) == 4 ? 32 : 128);
};

/** Reads `--trust-proxy`: a hop count (`1`) or addresses (`10.0.0.5`, `10.0.0.0/8,::1`). */
export function parseTrustedProxies(value: string): TrustedProxies {
  const text = value.trim();
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops >= 1 && hops <= 10) return hops;
  }
  const list = text
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
  if (list.length && list.every(isAddress)) return list;
  throw new Error(
    `--trust-proxy takes the number of proxies in front of the collector (1 for one nginx or Caddy) ` +
      `or their addresses (10.0.0.5, 10.0.0.0/8, loopback), not "${value}": trusting every X-Forwarded-For ` +
      'entry would let any visitor choose the address the rate limit counts',
  );
}

/** Fastify's `trustProxy`: a count becomes "trust the first n hops", as proxy-addr counts them. */
export const fastifyTrust = (proxies: TrustedProxies | undefined) =>
  typeof proxies == 'number' ? (_address: string, hop: number) => hop < proxies : (proxies ?? false);
