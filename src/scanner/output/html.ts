// The report an editor hands to the privacy officer: one self-contained HTML file (styles inline,
// screenshots as data: URLs) in French or English. The banner on a phone and a desktop, the
// findings, the cookies of each state, the config's fingerprint, Témoin's version and the date.
import { strings } from '../i18n.js';
import type { CookieRecord, ScanReport, ScanResult } from '../types.js';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const STYLE = `
body { font: 16px/1.5 system-ui, sans-serif; color: #1a1a1a; background: #fff; margin: 0 auto; max-width: 72rem; padding: 1rem 1.5rem 3rem; }
h1 { font-size: 1.8rem; } h2 { margin-top: 2.5rem; border-bottom: 2px solid #1a1a1a; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1.5rem; } dt { font-weight: 600; } dd { margin: 0; overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; margin: 1rem 0; font-size: .9rem; }
caption { text-align: left; font-weight: 600; padding: .5rem 0; }
th, td { border: 1px solid #8a8a8a; padding: .35rem .5rem; text-align: left; vertical-align: top; overflow-wrap: break-word; }
.findings td:nth-child(2) { white-space: nowrap; } .findings td:nth-child(3) { min-width: 7rem; }
.findings td:nth-child(4) { max-width: 14rem; } .findings td:nth-child(n+4) { overflow-wrap: anywhere; }
th { background: #ececec; }
.kind { font-weight: 600; white-space: nowrap; } .leak, .unmarked { color: #9b1c1c; }
figure { display: inline-block; margin: 0 1.5rem 1rem 0; vertical-align: top; }
figure img { border: 1px solid #8a8a8a; display: block; }
.desktop img { width: min(40rem, 100%); height: auto; } .phone img { width: 12rem; height: auto; }
code { font-size: .85rem; }
@media (max-width: 40rem) {
  body { padding: .75rem; } dl { grid-template-columns: 1fr; } dt { margin-top: .5rem; }
  .findings td:nth-child(2) { white-space: normal; } .findings td:nth-child(4) { max-width: none; }
}
`;

type Strings = ReturnType<typeof strings>;

/** The scan's facts: site, date, consent manager, config hash and revision, versions. */
function facts(report: ScanReport, t: Strings): string {
  const date = new Date(report.startedAt);
  const locale = report.lang == 'fr' ? 'fr-CA' : 'en-CA';
  const cm = report.consentManager;
  const rows: [string, string][] = [
    [t.facts.site, escape(report.site)],
    [
      t.facts.date,
      escape(date.toLocaleString(locale, { dateStyle: 'long', timeStyle: 'short' })) +
        ` (<time datetime="${report.startedAt}">${report.startedAt}</time>)`,
    ],
    [t.facts.consentManager, cm.temoin ? t.temoinFound : t.temoinMissing],
    [t.facts.configHash, cm.configHash ? `<code>${escape(cm.configHash)}</code>` : t.none],
    [t.facts.revision, cm.revision === null ? t.none : escape(String(cm.revision))],
    [t.facts.version, escape(report.tool.version)],
    [t.facts.browser, escape(report.browser)],
  ];
  return `<dl>${rows.map(([k, v]) => `<dt>${escape(k)}</dt><dd>${v}</dd>`).join('')}</dl>`;
}

/** The banner as the first visit showed it, on a desktop and a phone. */
function bannerFigures(screenshots: ScanResult['screenshots'], t: Strings): string {
  const png = (b: Buffer) => `data:image/png;base64,${b.toString('base64')}`;
  if (!screenshots.desktop && !screenshots.phone) return `<p>${escape(t.bannerNone)}</p>`;
  return [
    screenshots.desktop &&
      `<figure class="desktop"><img src="${png(screenshots.desktop)}" alt="${escape(t.bannerDesktop)}"><figcaption>${escape(t.bannerDesktop)}</figcaption></figure>`,
    screenshots.phone &&
      `<figure class="phone"><img src="${png(screenshots.phone)}" alt="${escape(t.bannerPhone)}"><figcaption>${escape(t.bannerPhone)}</figcaption></figure>`,
  ]
    .filter(Boolean)
    .join('\n');
}

function findingsTable(report: ScanReport, t: Strings): string {
  if (!report.findings.length) return `<p>${escape(t.noFindings)}</p>`;
  const site = (url: string) => escape(url.startsWith(report.site) ? url.slice(report.site.length) || '/' : url);
  const c = t.columns;
  return `<table class="findings"><caption>${escape(t.summary(report.pages.length, report.states.length, report.durationMs, report.findings.length))}</caption>
<thead><tr><th scope="col">${c.kind}</th><th scope="col">${c.page}</th><th scope="col">${c.state}</th><th scope="col">${c.where}</th><th scope="col">${c.evidence}</th><th scope="col">${c.fix}</th></tr></thead>
<tbody>${report.findings
    .map(
      (f) =>
        `<tr><td class="kind ${f.kind}">${escape(t.kind[f.kind])}</td><td>${site(f.page)}</td><td>${f.state ? escape(t.state(f.state)) : t.none}</td>` +
        `<td>${f.cookie ? `<code>${escape(f.cookie)}</code> ` : ''}${escape(f.host ?? f.url ?? t.none)}${f.service || f.template ? `<br>(${escape(f.service ?? f.template!)})` : ''}</td><td>${escape(f.evidence)}</td><td>${escape(f.fix)}</td></tr>`,
    )
    .join('\n')}</tbody></table>`;
}

/** One table per state: each cookie seen in it, with the number of pages that set it. */
function cookieTables(report: ScanReport, t: Strings): string {
  const cc = t.cookieColumns;
  return report.states
    .map((state) => {
      const seen = new Map<string, { cookie: CookieRecord; pages: Set<string> }>();
      for (const page of report.pages) {
        for (const cookie of page.states.find((s) => s.state == state)?.cookies ?? []) {
          const key = `${cookie.name} ${cookie.domain} ${cookie.path}`;
          if (!seen.has(key)) seen.set(key, { cookie, pages: new Set() });
          seen.get(key)!.pages.add(page.url);
        }
      }
      const rows = [...seen.values()].map(
        ({ cookie: k, pages }) =>
          `<tr><td><code>${escape(k.name)}</code></td><td>${escape(k.domain)}</td><td>${k.thirdParty ? t.party.third : t.party.first}</td>` +
          `<td>${escape(t.days(k.days))}</td><td>${escape(k.attribution.service ?? k.attribution.template ?? (k.attribution.status == 'temoin' ? 'Témoin' : t.none))}</td><td>${pages.size}</td></tr>`,
      );
      return rows.length
        ? `<table><caption>${escape(t.cookiesIn(t.state(state)))}</caption><thead><tr>${[cc.name, cc.domain, cc.party, cc.expires, cc.service, cc.pages].map((h) => `<th scope="col">${h}</th>`).join('')}</tr></thead><tbody>${rows.join('\n')}</tbody></table>`
        : `<h3>${escape(t.cookiesIn(t.state(state)))}</h3><p>${escape(t.noCookies)}</p>`;
    })
    .join('\n');
}

export function htmlReport({ report, screenshots }: ScanResult): string {
  const t = strings(report.lang);
  const cm = report.consentManager;
  return `<!doctype html>
<html lang="${report.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(t.title)} — ${escape(report.site)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${escape(t.title)}</h1>
<p>${escape(t.intro(report.site))}</p>
</header>
<main>
${facts(report, t)}
${cm.configError ? `<p><strong>${escape(t.configInvalid(cm.configError))}</strong></p>` : ''}
<h2>${escape(t.banner)}</h2>
${bannerFigures(screenshots, t)}
<h2>${escape(t.findings)}</h2>
${findingsTable(report, t)}
<h2>${escape(t.cookies)}</h2>
${cookieTables(report, t)}
<h2>${escape(t.pagesScanned)}</h2>
<ul>${report.pages.map((p) => `<li>${escape(p.url)}</li>`).join('')}</ul>
</main>
</body>
</html>
`;
}
