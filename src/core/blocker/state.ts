// What the blocker's parts share, in one object: the policy's answer (what is granted, the hosts
// services declare, strict mode), whether the config is known yet, the release queue and what the
// editor was already told. The blocker guards the page's prototypes, so a page has one blocker and
// one state. Its properties are `_` internals, which the classic script's minifier renames.
import type { Granted } from '../consent.js';

export type HostEntry = [host: string, service: string, path: string];

export interface BlockerState {
  /** What is granted; unset until the config is known, and until then every cross-origin URL waits. */
  _granted?: Granted;
  /**
   * Each `hosts` entry of a service: its host (without `*.`), the service as `category/service`, and
   * its path prefix (`/` for any path, else such as `/maps/`; see host-rule.ts); set with `_granted`.
   */
  _hosts?: HostEntry[];
  /** `"undeclared": "block"`: hosts no service declares are blocked too. */
  _strict?: boolean;
  /** Pending while the config loads (requests wait on it); unset once it is known or failed. */
  _known?: Promise<void>;
  /** Marked elements already queued for activation, and the queue that keeps document order. */
  _queued: WeakSet<Element>;
  _chain: Promise<unknown>;
  /** The scripts the blocker made and ran in place of held ones (late-events.ts, html.ts). */
  _released: WeakSet<Element>;
  /** Scripts parsed where the browser never runs them (innerHTML and the like): none is made markup. */
  _inert: WeakSet<Element>;
  /** Shadow roots scripts attached (held weakly): their marked content is released as the page's is. */
  _roots: WeakRef<ShadowRoot>[];
  /** What the editor was already told about (elements, hosts, categories): each warning is given once. */
  _warned: Set<unknown>;
  /** Told when the page needs the UI: a placeholder for a held `embed`, a cookie declaration; set by installBlocker. */
  _needUI?: (embed?: Element) => void;
  /** The browser's own `setAttribute`, kept before it is guarded, for an element loaded once. */
  _setAttribute?: Element['setAttribute'];
}

let resolveKnown!: () => void;

export const state: BlockerState = {
  _known: new Promise((resolve) => (resolveKnown = resolve)),
  _queued: new WeakSet(),
  _chain: Promise.resolve(),
  _released: new WeakSet(),
  _inert: new WeakSet(),
  _roots: [],
  _warned: new Set(),
};

/** Nothing waits for the config any longer: it is known, or failed and everything cross-origin stays held. */
export function settle(): void {
  state._known = undefined;
  resolveKnown();
}
