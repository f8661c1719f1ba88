/**
 * True in the development build (`dist/temoin.dev.js`, tests): full sentences for web editors.
 * The production build replaces it with `false` so the minifier drops those branches; every
 * safety check stays in both, and production messages still name the field and what it expects.
 */
declare const DEV_MODE: boolean;

/**
 * A hash of the sources a config's validation depends on, set by the build (rollup.config.mjs): a
 * config text is trusted without validation only under the version it was validated with.
 */
declare const CHECK_VERSION: string;
