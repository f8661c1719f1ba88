/**
 * True in the development build (`dist/temoin.dev.js`, tests): full sentences for web editors.
 * The production build replaces it with `false` so the minifier drops those branches; every
 * safety check stays in both, and production messages still name the field and what it expects.
 */
declare const DEV_MODE: boolean;
