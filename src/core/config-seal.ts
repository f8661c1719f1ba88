// A sealed config: `npx temoin check config.json --seal sealed.json` validated it as the browser
// would (templates expanded, receipt sizes checked) and wrote it with `seal`, the fingerprint of
// the rest under the release's validation sources. The <head> script starts with such a config at
// once, on any visit: no validator, no catalog, no localStorage. A seal made for another text or
// another release matches nothing, and the config is validated as any other. A seal says that the
// text was checked, not who wrote it: it is no signature, and a page's editor can write anything.
import { normalizeConfig, type TemoinConfig, type ValidConfig } from './config.js';
import { fingerprint } from './config-trust.js';

/** What a seal is made over: the config without its seal, as `JSON.stringify` writes it. */
export const sealedText = ({ seal: _, ...rest }: { seal?: unknown }): string => JSON.stringify(rest);

/** The config, ready to start with, when its seal matches its text under this build; else undefined. */
export function unseal(input: unknown): ValidConfig | undefined {
  try {
    const config = input as TemoinConfig;
    if (config.seal && config.seal == fingerprint(sealedText(config))) return normalizeConfig(config);
  } catch {
    // Not an object: validated, and refused, as any other.
  }
}
