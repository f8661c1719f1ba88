// A sealed config: `npx temoin check config.json --seal sealed.json` validated it as the browser
// would (templates expanded, receipt sizes checked) and wrote it with `seal`, the fingerprint of
// the rest under the release's validation sources. The <head> script starts with such a config at
// once, on any visit: no validator, no catalog, no localStorage. A seal made for another text or
// another release matches nothing, and the config is validated as any other; the seal covers the
// parsed config, not its layout, so reformatting keeps it (and an edit keeps it only by a 32-bit
// fingerprint's chance, about one in four billion). A seal says that the text was checked, not who
// wrote it: it is no signature, and whoever can edit a page's config (its `ui` module, its links)
// can make it do anything, sealed or not.
import { normalizeConfig, type TemoinConfig, type ValidConfig } from './config.js';
import { fingerprint } from './config-trust.js';

/** What a seal is made over: the config without its seal, as `JSON.stringify` writes it. */
export const sealedText = ({ seal: _, ...rest }: { seal?: unknown }): string => JSON.stringify(rest);

/**
 * The config, ready to start with, when its seal matches its text under this build; else undefined.
 * `config` is any parsed JSON, not validated yet: what is not a sealed object is validated, and
 * refused when invalid, as any other.
 */
export function unseal(config: TemoinConfig | null): ValidConfig | undefined {
  try {
    if (config?.seal && config.seal == fingerprint(sealedText(config))) return normalizeConfig(config);
  } catch {
    // A seal that matches a config of the wrong shape (made by hand): validated, and refused.
  }
}

/** The development build validates every time, and says when production would not take the seal. */
function validateSealed(input: TemoinConfig | null): undefined {
  if (!unseal(input) && input?.seal) {
    console.warn(
      'temoin: the config’s seal was made for another text or another Témoin release, so the production script validates the config on each first visit (temoin-check.js); run npx temoin check <your config> --seal <this file> again',
    );
  }
}

/**
 * The config to start with at once, without validation: a sealed one whose seal matches, in the
 * production build (the development build validates every time).
 */
export const startSealed: (input: TemoinConfig | null) => ValidConfig | undefined = DEV_MODE ? validateSealed : unseal;
