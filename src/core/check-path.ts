// The check path (dist/temoin-check.js): what a page load needs from the durable side before any
// decision is made. It validates a config this device has not seen (failing closed), and reads the
// decision IndexedDB keeps when the cookie has none. A first visit downloads it with the banner,
// unless its config is sealed (config-seal.ts); building and storing a decision (write-path.ts)
// waits until the visitor reaches for a choice.
export { checkConfig } from './config-check.js';
export { durable } from './durable.js';
