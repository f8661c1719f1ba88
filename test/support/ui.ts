// Helpers for the UI tests: open the fixture with the UI, reach into shadow roots, run axe,
// drive the real keyboard, take screenshots.
import { emulateMedia, executeServerCommand, sendKeys } from '@web/test-runner-commands';
import { expect } from 'chai';
import { open, until, type Fixture, type FixtureOptions } from './fixture.js';

interface AxeResults {
  violations: { id: string; impact: string; help: string; nodes: { target: unknown[] }[] }[];
}
type AxeWindow = Window & { axe?: { run(context: unknown, options: unknown): Promise<AxeResults> } };

/** The UI fixture, French unless `lang` says otherwise. */
export async function openUI(options: FixtureOptions & { lang?: string; fullscreen?: boolean } = {}): Promise<Fixture> {
  const f = await open(
    'ui',
    { ...options, config: { ui: '/dist/temoin-ui.js', lang: 'auto', ...options.config } },
    options.lang,
  );
  if (options.fullscreen)
    f.frame.style.cssText = 'position:fixed;inset:0;width:100%;height:100%;border:0;background:#fff';
  return f;
}

/** An element inside a component's shadow root; the caller names the type it expects. */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
export function part<T extends Element = HTMLElement>(host: Element | null, selector: string): T {
  const el = host?.shadowRoot?.querySelector<T>(selector);
  if (!el) throw new Error(`no ${selector} in ${host?.localName ?? 'nothing'}`);
  return el;
}

export const banner = (f: Fixture) => f.doc.querySelector('temoin-banner')!;
export const preferences = (f: Fixture) => f.doc.querySelector('temoin-preferences')!;

/** The live region that says a choice is saved (src/ui/saved-status.ts), once the first choice has made it. */
export const savedStatus = (f: Fixture) =>
  until(
    () => f.doc.querySelector('temoin-status')?.shadowRoot?.querySelector<HTMLElement>('[role="status"]'),
    'the status region',
  );

export async function bannerShown(f: Fixture): Promise<HTMLElement> {
  await until(() => f.doc.querySelector('temoin-banner[open]')?.shadowRoot?.querySelector('section'), 'the banner');
  return part(banner(f), 'section');
}

export async function preferencesShown(f: Fixture): Promise<HTMLDialogElement> {
  await until(
    () => f.doc.querySelector('temoin-preferences')?.shadowRoot?.querySelector('dialog')?.open,
    'the preference center',
  );
  return part<HTMLDialogElement>(preferences(f), 'dialog');
}

/** The focused element, through shadow roots. */
export function deepActive(doc: Document): Element | null {
  let el = doc.activeElement;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
  return el;
}

/** Presses Tab until `matches` holds for the focused element (at most `max` times). */
export async function tabTo(f: Fixture, matches: (el: Element) => boolean, what: string, max = 40): Promise<Element> {
  for (let i = 0; i < max; i++) {
    const el = deepActive(f.doc);
    if (el && matches(el)) return el;
    await sendKeys({ press: 'Tab' });
  }
  throw new Error(`Tab never reached ${what}`);
}

/** Runs axe (WCAG 2.x A and AA rules) on the fixture, in light and dark schemes. */
export async function expectAccessible(f: Fixture, what: string): Promise<void> {
  const win = f.win as unknown as AxeWindow;
  if (!win.axe) {
    const script = f.doc.createElement('script');
    script.src = '/node_modules/axe-core/axe.min.js';
    const loaded = new Promise((resolve) => script.addEventListener('load', resolve));
    f.doc.head.append(script);
    await loaded;
  }
  for (const colorScheme of ['light', 'dark'] as const) {
    await emulateMedia({ colorScheme });
    const results = await win.axe!.run(f.doc, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
      // Best practices for what Témoin adds (headings in order, no second banner landmark), not
      // for the test pages around it, which have no landmarks of their own.
      rules: Object.fromEntries(
        ['region', 'landmark-one-main', 'page-has-heading-one'].map((id) => [id, { enabled: false }]),
      ),
    });
    const problems = results.violations.map(
      (v) => `${v.id} (${v.impact}): ${v.help} at ${JSON.stringify(v.nodes.map((n) => n.target))}`,
    );
    expect(problems, `axe, ${what}, ${colorScheme} scheme`).to.deep.equal([]);
  }
  await emulateMedia({ colorScheme: 'light' });
}

/** The page's animations, in shadow roots too: Chromium's Document.getAnimations() leaves those out. */
function animations(root: Document | ShadowRoot): Animation[] {
  return [
    ...root.getAnimations(),
    ...[...root.querySelectorAll('*')].flatMap((el) => (el.shadowRoot ? animations(el.shadowRoot) : [])),
  ];
}

/** Waits for the page's animations (the banner rising) to end and a frame to be drawn: what a measure or a screenshot must see. */
export async function settled(f: Fixture): Promise<void> {
  await Promise.all(animations(f.doc).map((a) => a.finished.catch(() => undefined)));
  await new Promise((resolve) => f.win.requestAnimationFrame(() => f.win.requestAnimationFrame(resolve)));
}

/** Saves a screenshot of the test page as docs/screenshots/<name>.png. */
export async function screenshot(name: string): Promise<void> {
  await executeServerCommand('temoin-screenshot', { name });
}

/**
 * The accessible name of one of our controls, as Chromium computes it for the markup we write:
 * `aria-labelledby` (ids in its own root), else `aria-label`, else its text; spaces collapsed.
 */
export function accessibleName(el: Element): string {
  const root = el.getRootNode() as ShadowRoot | Document;
  const by = el.getAttribute('aria-labelledby');
  const name = by
    ? by
        .split(' ')
        .map((id) => root.getElementById(id)?.textContent)
        .join(' ')
    : (el.getAttribute('aria-label') ?? el.textContent);
  return name.replace(/\s+/g, ' ').trim();
}

/** The links, buttons, switches and disclosures in a shadow root and the shadow roots inside it. */
export function controlsIn(root: ShadowRoot): Element[] {
  return [...root.querySelectorAll('*')].flatMap((el) => [
    ...(el.matches('a[href], button, summary, [role="switch"], [role="checkbox"]') ? [el] : []),
    ...(el.shadowRoot ? controlsIn(el.shadowRoot) : []),
  ]);
}

/**
 * Controls of a component that share a name but not a target: two links named alike to other
 * pages, or two buttons (a screen reader's list of buttons cannot tell them apart).
 */
export function sameNames(host: Element): string[] {
  const seen = new Map<string, Element>();
  const alike: string[] = [];
  for (const el of controlsIn(host.shadowRoot!)) {
    const name = accessibleName(el);
    const other = seen.get(name);
    const target = (e: Element) => e.getAttribute('href');
    if (other && !(target(other) && target(other) == target(el))) alike.push(name);
    seen.set(name, el);
  }
  return alike;
}
