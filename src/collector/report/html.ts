// The committee report as one self-contained HTML file (styles inline, charts as SVG, no script,
// no external asset), ready to print, in French or English.
import { frenchTypography } from '../../ui/i18n/typography.js';
import { barChart, lineChart } from './charts.js';
import type { CommitteeReport } from './gather.js';
import { MAX_READS } from './gather.js';
import { reportText, type ReportLang } from './i18n.js';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const STYLE = `
body { font: 16px/1.5 system-ui, sans-serif; color: #1a1a1a; background: #fff; margin: 0 auto; max-width: 60rem; padding: 1rem 1.5rem 3rem; }
h1 { font-size: 1.8rem; } h2 { margin-top: 2.5rem; border-bottom: 2px solid #1a1a1a; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1.5rem; } dt { font-weight: 600; } dd { margin: 0; overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .9rem; }
caption { text-align: left; font-weight: 600; padding: .25rem 0; }
th, td { border: 1px solid #767676; padding: .35rem .5rem; text-align: left; vertical-align: top; overflow-wrap: break-word; }
th[scope=row] { white-space: nowrap; } code { overflow-wrap: anywhere; }
th { background: #ececec; } td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.ok { color: #1e6b30; font-weight: 600; } .broken { color: #9b1c1c; font-weight: 600; }
.note { font-size: .9rem; }
.legend .key { display: inline-flex; align-items: center; gap: .35rem; margin-right: 1rem; }
.wide { overflow-x: auto; }
@media (max-width: 40rem) { body { padding: .75rem; } dl { grid-template-columns: 1fr; } }
@page { margin: 1.5cm; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  h2 { break-after: avoid; } h3 { break-after: avoid; }
  svg, tr, .legend { break-inside: avoid; }
  .wide { overflow: visible; }
  th { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
}
`;

type T = ReturnType<typeof reportText>;

interface Formats {
  /** A UTC day (a week's Monday) as the language writes it. */
  day: (isoDay: string) => string;
  /** A moment in the report's time zone, with the zone named. */
  time: (iso: string) => string;
  /** A bound of the period: its day when it falls at midnight in the zone, else its time. */
  bound: (iso: string) => string;
  share: (v: number | null) => string;
  count: (v: number | null) => string;
  /** French typography on French text. */
  typo: (s: string) => string;
}

function formats(report: CommitteeReport, lang: ReportLang, t: T): Formats {
  const locale = lang == 'fr' ? 'fr-CA' : 'en-CA';
  const timeZone = report.timeZone;
  // French writes the first of the month « 1er ».
  const first = (s: string) => (lang == 'fr' ? s.replace(/^1 /, '1er ') : s);
  const day = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' });
  const zonedDay = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone });
  const clock = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone });
  const time = new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
    timeZone,
  });
  const pct = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  const int = new Intl.NumberFormat(locale);
  const hidden = t('suppressed', { min: report.minCell });
  return {
    day: (iso) => first(day.format(new Date(iso.slice(0, 10) + 'T00:00:00Z'))),
    time: (iso) => first(time.format(new Date(iso))),
    bound: (iso) =>
      clock.format(new Date(iso)) == '00:00'
        ? first(zonedDay.format(new Date(iso)))
        : first(time.format(new Date(iso))),
    share: (v) => (v === null ? hidden : pct.format(v)),
    count: (v) => (v === null ? hidden : int.format(v)),
    typo: (s) => (lang == 'fr' ? frenchTypography(s) : s),
  };
}

/** A table with its caption, in a region that scrolls sideways on a phone and can be reached by keyboard. */
function table(caption: string, head: string[], rows: string[][], numeric: number[] = []): string {
  const cells = rows.map(
    (r) =>
      `<tr>${r
        .map((c, i) => {
          if (i == 0) return `<th scope="row">${c}</th>`;
          if (c.startsWith('<td')) return c;
          return `<td${numeric.includes(i) ? ' class="n"' : ''}>${c}</td>`;
        })
        .join('')}</tr>`,
  );
  return `<div class="wide" tabindex="0" role="region" aria-label="${escape(caption)}"><table><caption>${escape(caption)}</caption><thead><tr>${head.map((h) => `<th scope="col">${escape(h)}</th>`).join('')}</tr></thead><tbody>${cells.join('')}</tbody></table></div>`;
}

export function reportHtml(report: CommitteeReport, lang: ReportLang): string {
  const t = reportText(lang);
  const f = formats(report, lang, t);
  const sections = [
    facts(report, t, f),
    decisions(report, lang, t, f),
    chain(report, t),
    keys(report, t, f),
    retention(report, t, f),
    access(report, t, f),
    erasures(report, t, f),
  ];
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light"><meta name="generator" content="Témoin">
<title>${escape(`${t('title')} — ${t('periodValue', { from: f.bound(report.from), to: f.bound(report.to) })}`)}</title><style>${STYLE}</style></head>
<body><main><h1>${escape(t('title'))}</h1><p>${escape(t('intro'))}</p>${sections.join('\n')}</main></body></html>
`;
}

function facts(r: CommitteeReport, t: T, f: Formats): string {
  const rows: [string, string][] = [
    [t('period'), t('periodValue', { from: f.bound(r.from), to: f.bound(r.to) })],
    [t('timeZone'), r.timeZone],
    [t('generated'), f.time(r.generatedAt)],
    [t('minCell'), t('minCellValue', { min: r.minCell })],
    [t('retention'), r.retentionDays ? t('retentionValue', { days: r.retentionDays }) : t('notGiven')],
  ];
  return `<dl>${rows.map(([k, v]) => `<dt>${escape(k)}</dt><dd>${escape(v)}</dd>`).join('')}</dl>`;
}

/** A category's title in the report's language when the receipts gave one, else in another, else its id. */
function titleOf(r: CommitteeReport, lang: ReportLang, f: Formats) {
  return (category: string) => {
    const titles = r.categoryTitles[category] ?? {};
    const title = titles[lang];
    return title ? f.typo(title) : (Object.values(titles)[0] ?? category);
  };
}

/** In words, what the charts leave out: weeks under the minimum, and acceptance cells under it. */
function hiddenNotes(r: CommitteeReport, t: T, f: Formats, title: (c: string) => string) {
  const { buckets, categories } = r.weekly;
  const min = r.minCell;
  const hidden = buckets.filter((b) => b.suppressed);
  const weeks = hidden.map((b) => f.day(b.start)).join(', ');
  const weeksNote = !hidden.length
    ? t('noneHidden')
    : hidden.length == buckets.length
      ? t('allHidden', { min })
      : t(hidden.length == 1 ? 'oneHidden' : 'someHidden', { n: hidden.length, total: buckets.length, min, weeks });
  const cells = categories.flatMap((c) => {
    const at = buckets.filter((b) => !b.suppressed && b.acceptance?.[c] === null).map((b) => f.day(b.start));
    return at.length
      ? [t(at.length == 1 ? 'cellWeek' : 'cellWeeks', { category: title(c), weeks: at.join(', ') })]
      : [];
  });
  const cellsNote = cells.length ? ` ${t('cellsHidden', { min, cells: cells.join(t('listSeparator')) })}` : '';
  return { weeks: weeksNote, acceptance: weeksNote + cellsNote };
}

function summary(r: CommitteeReport, t: T, f: Formats, title: (c: string) => string): string {
  const { totals, weekly } = r;
  // A total may be hidden with more than its own count behind it: say "hidden", not "under 5".
  const shown = (v: number | null, as: (v: number) => string) => (v === null ? t('totalHidden') : as(v));
  const rows = [
    [t('totalDecisions'), shown(totals.decisions, f.count)],
    [t('gpcShare'), shown(totals.gpc, f.share)],
    ...weekly.categories.map((c) => [
      t('acceptanceOf', { category: title(c) }),
      shown(totals.acceptance[c] ?? null, f.share),
    ]),
  ].map(([k, v]) => [escape(k!), escape(v!)]);
  return (
    table(t('totalsCaption'), [t('figure'), t('value')], rows, [1]) +
    `<p class="note">${escape(t('totalsNote', { min: r.minCell }))}</p>`
  );
}

function decisions(r: CommitteeReport, lang: ReportLang, t: T, f: Formats): string {
  const { weekly, totals, minCell } = r;
  const head = `<h2>${escape(t('decisionsTitle'))}</h2>`;
  if (totals.decisions === 0 || !weekly.buckets.length) return `${head}<p>${escape(t('noDecision'))}</p>`;
  const title = titleOf(r, lang, f);
  const notes = hiddenNotes(r, t, f, title);
  const labels = weekly.buckets.map((b) => f.day(b.start));
  const alt = (note: string) =>
    `${t(labels.length == 1 ? 'chartSummaryOne' : 'chartSummary', { n: labels.length, from: labels[0]!, to: labels.at(-1)! })} ${note} ${t('dataBelow')}`;
  const acceptance = lineChart(
    {
      id: 'acceptance',
      title: t('acceptanceChart'),
      description: alt(notes.acceptance),
      labels,
    },
    weekly.categories.map((c) => ({
      name: title(c),
      values: weekly.buckets.map((b) => (b.suppressed ? null : (b.acceptance?.[c] ?? null))),
    })),
    (v) => f.share(v),
  );
  const counts = barChart(
    { id: 'decisions', title: t('decisionsChart'), description: alt(notes.weeks), labels },
    weekly.buckets.map((b) => (b.suppressed ? null : (b.decisions ?? null))),
    (n) => f.count(n),
  );
  const week = (b: (typeof weekly.buckets)[number]) =>
    b.suppressed
      ? [
          escape(f.day(b.start)),
          `<td colspan="${weekly.categories.length + 2}">${escape(t('weekHidden', { min: minCell }))}</td>`,
        ]
      : [
          escape(f.day(b.start)),
          escape(f.count(b.decisions ?? null)),
          ...weekly.categories.map((c) => escape(f.share(b.acceptance?.[c] ?? null))),
          escape(f.share(b.gpc ?? null)),
        ];
  const data = table(
    t('weeksCaption'),
    [t('week'), t('decisions'), ...weekly.categories.map(title), t('gpc')],
    weekly.buckets.map(week),
    Array.from({ length: weekly.categories.length + 2 }, (_, i) => i + 1),
  );
  const note = (text: string) => `<p class="note">${escape(text)}</p>`;
  return `${head}${summary(r, t, f, title)}<h3>${escape(t('acceptanceChart'))}</h3>${acceptance}${note(notes.acceptance)}<h3>${escape(t('decisionsChart'))}</h3>${counts}${note(notes.weeks)}${data}`;
}

function chain(r: CommitteeReport, t: T): string {
  const c = r.chain;
  const status = c.ok
    ? `<p class="ok">${escape(t(c.erased ? 'chainOkErased' : 'chainOk', { n: c.checked, erased: c.erased }))}</p>`
    : `<p class="broken">${escape(t('chainBroken', { seq: c.brokenSeq, reason: c.reason }))}</p>`;
  return `<h2>${escape(t('chainTitle'))}</h2>${status}`;
}

function keys(r: CommitteeReport, t: T, f: Formats): string {
  return `<h2>${escape(t('keysTitle'))}</h2>${table(
    t('keysCaption'),
    [t('keyId'), t('keyCreated')],
    r.keys.map((k) => [`<code>${escape(k.keyId)}</code>`, escape(f.time(k.createdAt))]),
  )}`;
}

function retention(r: CommitteeReport, t: T, f: Formats): string {
  const last = r.lastPurge
    ? `<p>${escape(t('lastPurge', { at: f.time(r.lastPurge.purgedAt), days: f.count(r.lastPurge.retentionDays) }))}</p>`
    : `<p>${escape(t('neverPurged'))}</p>`;
  const head = `<h2>${escape(t('retentionTitle'))}</h2>${last}`;
  if (!r.purges.length) return `${head}<p>${escape(t('noPurge'))}</p>`;
  return `${head}${table(
    t('purgesCaption'),
    [t('purgedAt'), t('purgedCutoff'), t('purgedRange'), t('purgedCount')],
    r.purges.map((p) => [
      escape(f.time(p.purgedAt)),
      escape(f.time(p.cutoff)),
      `nº ${p.fromSeq} – ${p.toSeq}`,
      escape(f.count(p.count)),
    ]),
    [3],
  )}`;
}

function access(r: CommitteeReport, t: T, f: Formats): string {
  const head = `<h2>${escape(t('accessTitle'))}</h2><p>${escape(t('accessIntro'))}</p>`;
  if (!r.readers.length) return `${head}<p>${escape(t('noAccess'))}</p>`;
  const partial = r.readersComplete
    ? ''
    : `<p class="note">${escape(t('accessPartial', { max: f.count(MAX_READS) }))}</p>`;
  return `${head}${table(
    t('accessCaption'),
    [t('who'), t('reads'), t('rows'), t('refused')],
    r.readers.map((a) => [escape(a.actor), f.count(a.reads), f.count(a.rows), f.count(a.refused)]),
    [1, 2, 3],
  )}${partial}`;
}

function erasures(r: CommitteeReport, t: T, f: Formats): string {
  const head = `<h2>${escape(t('erasuresTitle'))}</h2>`;
  if (!r.erasures.length) return `${head}<p>${escape(t('noErasure'))}</p>`;
  return `${head}${table(
    t('erasuresCaption'),
    [t('erasedAt'), t('erasedBy'), t('reason'), t('erasedCount')],
    r.erasures.map((e) => [escape(f.time(e.at)), escape(e.actor), escape(e.reason), escape(f.count(e.count))]),
    [3],
  )}`;
}
