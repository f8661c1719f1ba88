// The browser's development build, in Node: the SDK's modules read DEV_MODE when they load (the
// build replaces it with a constant), so this module is imported before any of them.
(globalThis as { DEV_MODE?: boolean }).DEV_MODE = true;
