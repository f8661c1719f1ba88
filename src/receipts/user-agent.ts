// The browser a receipt names: its family, and whether it is a phone.
import type { UserAgentFamily } from './receipt.js';

/** The browser's family and whether it is a phone; nothing finer leaves the device. */
export function userAgentFamily(ua: string): UserAgentFamily {
  const family = /SamsungBrowser/.test(ua)
    ? 'Samsung Internet'
    : /Edg(e|A|iOS)?\//.test(ua)
      ? 'Edge'
      : /OPR\/|Opera/.test(ua)
        ? 'Opera'
        : /Firefox\/|FxiOS/.test(ua)
          ? 'Firefox'
          : /Chrome\/|CriOS/.test(ua)
            ? 'Chrome'
            : /Safari\//.test(ua)
              ? 'Safari'
              : 'Other';
  return /Mobi|Android|iPhone|iPad/.test(ua) ? `${family} mobile` : family;
}
