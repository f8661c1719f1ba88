// From what was recorded to what an editor must fix. Each finding names its page, state, host or
// URL, what was seen, and the change to make.
import type { ValidConfig } from '../core/config.js';
import { TEMPLATES } from '../templates/catalog.js';
import { declaredLifetime, type Attributor } from './attribution.js';
import { strings, type ScanStrings } from './i18n.js';
import { findTag, markedTag, tagName } from './markup.js';
import type {
  Attribution,
  CookieRecord,
  Finding,
  FindingKind,
  Language,
  PageRecord,
  RequestRecord,
  StateName,
  StateRecord,
} from './types.js';

export interface FindingsInput {
  start: string;
  pages: PageRecord[];
  /** Each page's HTML as served, by page URL. */
  html: ReadonlyMap<string, string>;
  config: ValidConfig | null;
  attributor: Attributor;
  lang: Language;
}

/** A host of a service the config does not declare: where it was first seen, and on which pages. */
interface Undeclared {
  page: string;
  state: StateName;
  template: string | null;
  pages: Set<string>;
}

/** What the passes over the pages share: the input, the findings so far, and what was seen across pages. */
interface Pass {
  t: ScanStrings;
  a: Attributor;
  config: ValidConfig | null;
  html: ReadonlyMap<string, string>;
  out: Finding[];
  /** Services seen on any page, in any state: the other declared ones are unused. */
  services: Set<string>;
  undeclared: Map<string, Undeclared>;
  /** `page url`: one unmarked finding per element of a page, whatever the states it loads in. */
  unmarked: Set<string>;
  /** `name domain`: one lifetime finding per cookie. */
  lifetimes: Set<string>;
}

/** The report's order of kinds; the order within a kind is the order found. */
const ORDER: FindingKind[] = ['leak', 'unmarked', 'no-cmp', 'no-banner', 'undeclared', 'cookie-lifetime', 'unused'];

/** Whether a category is granted in a state. */
const grantedIn = (state: StateName, category: string, a: Attributor) =>
  a.required(category) || state == 'accept-all' || state == `only:${category}`;

/** A service the config does not declare, known to the catalog or not. */
const isUndeclared = (at: Attribution) => at.status == 'known' || at.status == 'unknown';

/** Whether a request or cookie comes without consent: its declared category is not granted, or it is not declared and not all was accepted. */
const isLeaking = (state: StateName, at: Attribution, a: Attributor) =>
  at.status == 'declared' ? !grantedIn(state, at.category!, a) : isUndeclared(at) && state != 'accept-all';

/** The category a catalog template usually belongs to. */
const usualCategory = (template: string | null) => (template ? (TEMPLATES[template]?.kind ?? null) : null);

function add(p: Pass, f: Partial<Finding> & Pick<Finding, 'kind' | 'page' | 'evidence' | 'fix'>): void {
  p.out.push({ state: null, host: null, url: null, cookie: null, category: null, service: null, template: null, ...f });
}

export function findings({ start, pages, html, config, attributor: a, lang }: FindingsInput): Finding[] {
  const p: Pass = {
    t: strings(lang),
    a,
    config,
    html,
    out: [],
    services: new Set(),
    undeclared: new Map(),
    unmarked: new Set(),
    lifetimes: new Set(),
  };
  for (const page of pages) {
    for (const s of page.states) {
      requestFindings(p, page.url, s);
      cookieFindings(p, page.url, s);
    }
  }
  undeclaredFindings(p);
  unusedFindings(p, start);
  pageFindings(p, pages);
  return p.out.sort((x, y) => ORDER.indexOf(x.kind) - ORDER.indexOf(y.kind));
}

/** A state's requests: unmarked markup, then one leak per host and service. */
function requestFindings(p: Pass, page: string, s: StateRecord): void {
  const leaks = new Map<string, RequestRecord[]>();
  for (const recorded of s.requests) {
    const at = recorded.attribution;
    if (at.service) p.services.add(at.service);
    if (isUndeclared(at)) noteUndeclared(p, recorded.host, page, s.state, at.template);
    const tag = recorded.initiator == 'markup' ? findTag(p.html.get(page) ?? '', recorded.url, page) : null;
    if (at.status == 'declared' && !grantedIn(s.state, at.category!, p.a) && tag) {
      unmarkedFinding(p, page, s.state, recorded, tag);
      continue;
    }
    if (!isLeaking(s.state, at, p.a)) continue;
    // Chromium names the parser for any image a page loads while it is parsed, an Image ping of a
    // script too: with no tag in the HTML for it, a script made it.
    const r = recorded.initiator == 'markup' && !tag ? { ...recorded, initiator: 'script' as const } : recorded;
    const key = `${r.host} ${at.service ?? ''}`;
    leaks.set(key, [...(leaks.get(key) ?? []), r]);
  }
  for (const list of leaks.values()) requestLeak(p, page, s.state, list);
}

/** `tag`, of the page's own HTML, loads a declared service before its consent; once per page and URL. */
function unmarkedFinding(p: Pass, page: string, state: StateName, r: RequestRecord, tag: string): void {
  const key = page + ' ' + r.url;
  if (p.unmarked.has(key)) return;
  p.unmarked.add(key);
  const at = r.attribution;
  const fixed = markedTag(tag, at.category!, at.service);
  add(p, {
    kind: 'unmarked',
    page,
    state,
    host: r.host,
    url: r.url,
    category: at.category,
    service: at.service,
    template: at.template,
    evidence: p.t.unmarked(tag),
    // Only a <link> or an <object> has no marked form.
    fix: fixed ? p.t.fixUnmarked(fixed) : p.t.fixUnmarkedLink(tagName(tag), at.category!),
  });
}

/** The requests of one host and service made without consent, as one leak named by the first. */
function requestLeak(p: Pass, page: string, state: StateName, list: RequestRecord[]): void {
  const { t } = p;
  const r = list[0]!;
  const at = r.attribution;
  const category = at.category ?? usualCategory(at.template);
  add(p, {
    kind: 'leak',
    page,
    state,
    host: r.host,
    url: r.url,
    category,
    service: at.service,
    template: at.template,
    evidence: t.leakRequest(list.length, r.url, r.type, t.requestedBy[r.initiator], t.state(state)),
    fix:
      at.status == 'declared'
        ? r.initiator == 'markup'
          ? t.fixDeclaredMarkup
          : r.initiator == 'frame'
            ? t.fixDeclaredFrame(at.category!)
            : t.fixDeclaredScript(at.category!)
        : t.fixUndeclared(r.host, at.template, configCategory(p, at.template), configCategories(p)),
  });
}

/** A state's cookies: leaks, and lifetimes longer than declared. */
function cookieFindings(p: Pass, page: string, s: StateRecord): void {
  for (const c of s.cookies) {
    const at = c.attribution;
    if (at.service) p.services.add(at.service);
    if (c.thirdParty && isUndeclared(at)) noteUndeclared(p, c.domain, page, s.state, at.template);
    if (isLeaking(s.state, at, p.a)) cookieLeak(p, page, s, c);
    cookieLifetime(p, page, s.state, c);
  }
}

/**
 * What loads a declared service in a state, for the markup to write: its first request's tag in
 * the page's HTML, marked; else `iframe` when a frame of its own loads it, `script` otherwise.
 */
function culprit(p: Pass, page: string, s: StateRecord, service: string, category: string) {
  const r = s.requests.find((x) => x.attribution.service == service);
  const tag = r?.initiator == 'markup' ? findTag(p.html.get(page) ?? '', r.url, page) : null;
  const fixed = tag && markedTag(tag, category, service);
  if (fixed) return { element: tagName(tag), fixed };
  const frame = r && (r.type == 'document' || r.initiator == 'frame');
  return { element: frame ? 'iframe' : 'script', fixed: null };
}

/**
 * The category to name for a service the config lacks: its template's usual one, unless the site
 * has a config without it (then null: the config's own are named instead).
 */
function configCategory(p: Pass, template: string | null): string | null {
  const usual = usualCategory(template);
  return !p.config || p.config.categories.some((c) => c.id == usual) ? usual : null;
}

/** The config's categories, to choose from. */
const configCategories = (p: Pass) => (p.config?.categories ?? []).map((c) => c.id);

function cookieLeak(p: Pass, page: string, s: StateRecord, c: CookieRecord): void {
  const { t } = p;
  const state = s.state;
  const at = c.attribution;
  const category = at.category ?? usualCategory(at.template);
  const fault = at.status == 'declared' ? culprit(p, page, s, at.service!, at.category!) : null;
  add(p, {
    kind: 'leak',
    page,
    state,
    host: c.domain,
    cookie: c.name,
    category,
    service: at.service,
    template: at.template,
    evidence: t.leakCookie(c.name, c.domain, t.days(c.days), t.state(state)),
    fix:
      at.status == 'declared'
        ? t.fixDeclaredCookie(at.service!, at.category!, fault!.element, fault!.fixed)
        : c.thirdParty || !at.template
          ? t.fixUndeclared(c.domain, at.template, configCategory(p, at.template), configCategories(p))
          : t.fixUndeclaredCookie(c.name, at.template, configCategory(p, at.template), configCategories(p)),
  });
}

/** A cookie of a declared service that lives longer than the config says; once per cookie. */
function cookieLifetime(p: Pass, page: string, state: StateName, c: CookieRecord): void {
  const at = c.attribution;
  const declared = at.service ? declaredLifetime(p.config, at.service, c.name, c.domain) : null;
  const key = `${c.name} ${c.domain}`;
  // A day of slack: a cookie set "for 30 days" may be set at the end of a day.
  if (declared !== null && !p.lifetimes.has(key) && (declared == 0 ? c.days !== null : (c.days ?? 0) > declared + 1)) {
    p.lifetimes.add(key);
    add(p, {
      kind: 'cookie-lifetime',
      page,
      state,
      host: c.domain,
      cookie: c.name,
      category: at.category,
      service: at.service,
      template: at.template,
      evidence: p.t.lifetime(c.name, c.domain, p.t.days(c.days), declared),
      fix: p.t.fixLifetime(at.service!, c.name, Math.ceil(c.days ?? 0)),
    });
  }
}

function noteUndeclared(p: Pass, host: string, page: string, state: StateName, template: string | null): void {
  const u = p.undeclared.get(host) ?? { page, state, template, pages: new Set<string>() };
  u.pages.add(page);
  p.undeclared.set(host, u);
}

/** One finding per host of an undeclared service, across pages and states. */
function undeclaredFindings(p: Pass): void {
  for (const [host, u] of p.undeclared) {
    add(p, {
      kind: 'undeclared',
      page: u.page,
      state: u.state,
      host,
      template: u.template,
      category: usualCategory(u.template),
      evidence: p.t.undeclared(host, u.pages.size, u.template),
      fix: p.t.fixUndeclared(host, u.template, configCategory(p, u.template), configCategories(p)),
    });
  }
}

/** Declared services with hosts or cookies that no page showed in any state. */
function unusedFindings(p: Pass, start: string): void {
  for (const d of p.a.declared) {
    if (p.services.has(d.service) || (!d.hosts.length && !d.cookies.length)) continue;
    add(p, {
      kind: 'unused',
      page: start,
      service: d.service,
      category: d.category,
      evidence: p.t.unused(d.service, d.category, d.hosts.join(', ')),
      fix: p.t.fixUnused(d.service),
    });
  }
}

/** Pages whose banner did not show, and pages without a consent manager (the first only, when none has one). */
function pageFindings(p: Pass, pages: PageRecord[]): void {
  const { t } = p;
  for (const page of pages) {
    if (page.states.some((s) => s.state == 'no-decision' && s.banner === false)) {
      add(p, { kind: 'no-banner', page: page.url, state: 'no-decision', evidence: t.noBanner, fix: t.fixNoBanner });
    }
  }
  const without = pages.filter((page) => !page.temoin && page.states.some((s) => !s.error));
  const noneAtAll = without.length == pages.length;
  for (const page of noneAtAll ? without.slice(0, 1) : without) {
    add(p, { kind: 'no-cmp', page: page.url, state: 'no-decision', evidence: t.noCmp, fix: t.fixNoCmp });
  }
}
