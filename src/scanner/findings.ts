// From what was recorded to what an editor must fix. Each finding names its page, state, host or
// URL, what was seen, and the change to make.
import type { ValidConfig } from '../core/config.js';
import { TEMPLATES } from '../templates/catalog.js';
import { declaredLifetime, type Attributor } from './attribution.js';
import { strings } from './i18n.js';
import { findTag, markedTag } from './markup.js';
import type { Finding, FindingKind, Language, PageRecord, StateName } from './types.js';

export interface FindingsInput {
  start: string;
  pages: PageRecord[];
  /** Each page's HTML as served, by page URL. */
  html: ReadonlyMap<string, string>;
  config: ValidConfig | null;
  attributor: Attributor;
  lang: Language;
}

/** Whether a category is granted in a state. */
const grantedIn = (state: StateName, category: string, a: Attributor) =>
  a.required(category) || state == 'accept-all' || state == `only:${category}`;

export function findings({ start, pages, html, config, attributor: a, lang }: FindingsInput): Finding[] {
  const t = strings(lang);
  const out: Finding[] = [];
  const add = (f: Partial<Finding> & Pick<Finding, 'kind' | 'page' | 'evidence' | 'fix'>) =>
    out.push({ state: null, host: null, url: null, cookie: null, category: null, service: null, template: null, ...f });
  const usualCategory = (template: string | null) => (template ? TEMPLATES[template]?.kind ?? null : null);

  const seenServices = new Set<string>();
  const undeclared = new Map<string, { page: string; state: StateName; template: string | null; pages: Set<string> }>();
  const unmarked = new Set<string>();
  const lifetimes = new Set<string>();

  for (const page of pages) {
    const base = page.url;
    for (const s of page.states) {
      const refusedOrNotYet = s.state != 'accept-all';
      const state = t.state(s.state);
      // Requests, one leak per host and service.
      const leaks = new Map<string, typeof s.requests>();
      for (const r of s.requests) {
        const at = r.attribution;
        if (at.service) seenServices.add(at.service);
        if (at.status == 'known' || at.status == 'unknown') {
          const u = undeclared.get(r.host) ?? { page: page.url, state: s.state, template: at.template, pages: new Set() };
          u.pages.add(page.url);
          undeclared.set(r.host, u);
        }
        if (at.status == 'declared' && !grantedIn(s.state, at.category!, a) && r.initiator == 'markup') {
          if (unmarked.has(page.url + ' ' + r.url)) continue;
          unmarked.add(page.url + ' ' + r.url);
          const tag = findTag(html.get(page.url) ?? '', r.url, base);
          const fixed = tag && markedTag(tag, at.category!, at.service);
          add({
            kind: 'unmarked', page: page.url, state: s.state, host: r.host, url: r.url, category: at.category, service: at.service, template: at.template,
            evidence: t.unmarked(tag ?? r.url),
            fix: fixed ? t.fixUnmarked(fixed) : t.fixUnmarkedLink(at.category!),
          });
          continue;
        }
        const leaking = at.status == 'declared' ? !grantedIn(s.state, at.category!, a) : (at.status == 'known' || at.status == 'unknown') && refusedOrNotYet;
        if (!leaking) continue;
        const key = `${r.host} ${at.service ?? ''}`;
        leaks.set(key, [...(leaks.get(key) ?? []), r]);
      }
      for (const list of leaks.values()) {
        const r = list[0]!;
        const at = r.attribution;
        const category = at.category ?? usualCategory(at.template);
        add({
          kind: 'leak', page: page.url, state: s.state, host: r.host, url: r.url, category, service: at.service, template: at.template,
          evidence: t.leakRequest(list.length, r.url, r.type, t.requestedBy[r.initiator], state),
          fix: at.status == 'declared'
            ? (r.initiator == 'markup' ? t.fixDeclaredMarkup : r.initiator == 'frame' ? t.fixDeclaredFrame(at.category!) : t.fixDeclaredScript(at.category!))
            : t.fixUndeclared(r.host, at.template, category),
        });
      }
      // Cookies.
      for (const c of s.cookies) {
        const at = c.attribution;
        if (at.service) seenServices.add(at.service);
        if (c.thirdParty && (at.status == 'known' || at.status == 'unknown')) {
          const u = undeclared.get(c.domain) ?? { page: page.url, state: s.state, template: at.template, pages: new Set() };
          u.pages.add(page.url);
          undeclared.set(c.domain, u);
        }
        const leaking = at.status == 'declared' ? !grantedIn(s.state, at.category!, a) : (at.status == 'known' || at.status == 'unknown') && refusedOrNotYet;
        const category = at.category ?? usualCategory(at.template);
        if (leaking) {
          add({
            kind: 'leak', page: page.url, state: s.state, host: c.domain, cookie: c.name, category, service: at.service, template: at.template,
            evidence: t.leakCookie(c.name, c.domain, t.days(c.days), state),
            fix: at.status == 'declared' ? t.fixDeclaredCookie(at.service!, at.category!)
              : c.thirdParty || !at.template ? t.fixUndeclared(c.domain, at.template, category) : t.fixUndeclaredCookie(c.name, at.template, category),
          });
        }
        const declared = at.service ? declaredLifetime(config, at.service, c.name, c.domain) : null;
        const key = `${c.name} ${c.domain}`;
        // A day of slack: a cookie set "for 30 days" may be set at the end of a day.
        if (declared !== null && !lifetimes.has(key) && (declared == 0 ? c.days !== null : (c.days ?? 0) > declared + 1)) {
          lifetimes.add(key);
          add({
            kind: 'cookie-lifetime', page: page.url, state: s.state, host: c.domain, cookie: c.name, category: at.category, service: at.service, template: at.template,
            evidence: t.lifetime(c.name, c.domain, t.days(c.days), declared), fix: t.fixLifetime(at.service!, c.name, Math.ceil(c.days ?? 0)),
          });
        }
      }
    }
  }

  for (const [host, u] of undeclared) {
    add({
      kind: 'undeclared', page: u.page, state: u.state, host, template: u.template, category: usualCategory(u.template),
      evidence: t.undeclared(host, u.pages.size, u.template), fix: t.fixUndeclared(host, u.template, usualCategory(u.template)),
    });
  }
  for (const d of a.declared) {
    if (seenServices.has(d.service) || (!d.hosts.length && !d.cookies.length)) continue;
    add({
      kind: 'unused', page: start, service: d.service, category: d.category,
      evidence: t.unused(d.service, d.category, d.hosts.join(', ')), fix: t.fixUnused(d.service),
    });
  }
  for (const page of pages) {
    if (page.states.some((s) => s.state == 'no-decision' && s.banner === false)) {
      add({ kind: 'no-banner', page: page.url, state: 'no-decision', evidence: t.noBanner, fix: t.fixNoBanner });
    }
  }
  const without = pages.filter((p) => !p.temoin && p.states.some((s) => !s.error));
  const noneAtAll = without.length == pages.length;
  for (const page of noneAtAll ? without.slice(0, 1) : without) {
    add({ kind: 'no-cmp', page: page.url, state: 'no-decision', evidence: t.noCmp, fix: t.fixNoCmp });
  }
  const order: FindingKind[] = ['leak', 'unmarked', 'no-cmp', 'no-banner', 'undeclared', 'cookie-lifetime', 'unused'];
  return out.sort((x, y) => order.indexOf(x.kind) - order.indexOf(y.kind));
}
