// The receipt a visitor downloads from their history: one HTML file they can open and read, in
// the interface's language, that also carries the signed receipt and the collector's
// acknowledgement unchanged, for whoever verifies it later. A chunk of its own, loaded on the
// download click.
import { localize, type Language, type ValidConfig } from '../../core/config.js';
import type { HistoryEntry } from '../../core/types.js';
import type { ServiceTerms } from '../../receipts/receipt.js';
import { choices, receiptStatus } from '../history/history.js';
import { date, duration } from '../i18n/dates.js';
import type { StringKey, Translator } from '../i18n/index.js';
import { sayReceipt } from '../i18n/receipt-document.js';

/** Markup already escaped. */
class Markup {
  constructor(readonly _text: string) {}
}
type Value = string | number | Markup | Value[] | false | null | undefined;

const escape = (v: Value): string =>
  v instanceof Markup
    ? v._text
    : Array.isArray(v)
      ? v.map(escape).join('')
      : v == null || v === false
        ? ''
        : String(v).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Markup with every value escaped: config and receipt texts are the site's, never trusted as HTML. */
const h = (strings: TemplateStringsArray, ...values: Value[]) =>
  new Markup(strings.reduce((out, s, i) => out + escape(values[i - 1]) + s));

const row = (label: string, value: Value) => h`<dt>${label}</dt><dd>${value}</dd>`;

/** A link only to a web page (a relative policy URL resolved against the site): the file is opened from disk. */
function link(url: string): Value {
  try {
    const href = new URL(url, location.href).href;
    if (/^https?:/.test(href)) return h`<a href="${href}">${href}</a>`;
  } catch {
    // Not a URL: shown as the config wrote it.
  }
  return url;
}

// No script runs in the document and nothing loads from elsewhere, whatever a text holds.
const POLICY = "default-src 'none'; style-src 'unsafe-inline'";
const STYLE =
  ':root{color-scheme:light dark;background:Canvas;color:CanvasText}body{font:1rem/1.5 system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem}' +
  'dl{display:grid;grid-template-columns:minmax(10em,auto) 1fr;gap:4px 16px}dt{font-weight:600}dd{margin:0;min-width:0}' +
  'code,a{overflow-wrap:anywhere}@media (max-width:30rem){dl{grid-template-columns:1fr}}' +
  // The UI's accent: a browser's default link blue is too dark on a dark page.
  'a{color:#095797}@media (prefers-color-scheme:dark){a{color:#9ccaf5}}';

/**
 * The notice's texts are in the words the visitor read, maybe in the other language. The receipt
 * keeps them as the config wrote them; in French, they get the typography the visitor saw.
 */
const inLanguage =
  (lang: Language, t: Translator) =>
  (text: string): Value =>
    lang == t.lang ? t.text(text) : h`<span lang="${lang}">${text}</span>`;

/** What one service does with the data, as the receipt says it. */
const service = (s: ServiceTerms, t: Translator, read: (text: string) => Value) => h`
<h4>${read(s.name)}</h4>
<dl>
${row(t('provider'), read(s.provider))}
${row(t('purpose'), read(s.purpose))}
${s.data.length > 0 && row(t('data'), t.list(s.data.map((d) => t(`data.${d}` as StringKey))))}
${s.retention != null && row(t('retention'), typeof s.retention == 'number' ? duration(t, s.retention) : read(s.retention))}
${row(t('hosting'), t(s.hostedOutsideQuebec ? 'outsideQuebec' : 'inQuebec'))}
${row(t('thirdParties'), Array.isArray(s.thirdParty) ? t.list(s.thirdParty) : t(s.thirdParty ? 'yes' : 'no'))}
</dl>`;

/**
 * Each decision in the interface's language where the config still has its category (or service);
 * a category granted in part, service by service, as the history says it.
 */
function decisionsOf(config: ValidConfig, r: HistoryEntry, t: Translator): string[] {
  const receipt = r.receipt?.receipt;
  if (!receipt) return config.categories.flatMap((c) => choices(c, r, t));
  return receipt.purposes.flatMap((p) => {
    const c = config.categories.find((c) => c.id == p.category);
    const title = c ? t.text(c.title) : p.title;
    return p.decision == 'refused' && p.services.some((s) => s.decision == 'granted')
      ? p.services.map((s) => {
          const name = c?.services.find((x) => x.id == s.id)?.name;
          return t('choice', {
            category: `${title} – ${name ? t.text(name) : s.name}`,
            choice: t(s.decision ?? 'refused'),
          });
        })
      : [t('choice', { category: title, choice: t(p.decision) })];
  });
}

/** The receipt of one past decision, as the HTML text of a file of its own. */
export function receiptDocument(config: ValidConfig, r: HistoryEntry, t: Translator): string {
  const receipt = r.receipt?.receipt;
  const ack = r.receipt?.ack;
  // Who the receipt names, else who the config names.
  const said = (text: string) => (receipt?.language == t.lang ? t.text(text) : text);
  const controller = receipt
    ? { name: said(receipt.controller.name), contact: receipt.controller.contact && said(receipt.controller.contact) }
    : {
        name: config.controller ? t.text(config.controller.name) : location.hostname,
        contact: config.controller?.contact && t.text(config.controller.contact),
      };
  const title = `${t('receiptTitle')} — ${controller.name}`;
  const read = inLanguage(receipt?.language ?? t.lang, t);
  const decisions = decisionsOf(config, r, t);
  const policy = receipt ? receipt.policyUrl : localize(config.policyUrl, t.lang);
  const status = receiptStatus(config, r, t) || (config.collector ? '' : sayReceipt(t, 'noRegister'));
  // Verbatim, and `<` escaped so that no text can close the element: JSON.parse gives the same values.
  const exact = JSON.stringify({ receipt: receipt ?? null, acknowledgement: ack ?? null }, null, 2).replace(
    /</g,
    '\\u003c',
  );

  return h`<!doctype html>
<html lang="${t.lang}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${POLICY}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${title}</h1>
<p>${sayReceipt(t, 'receiptIntro', { site: location.origin })}</p>
<dl>
${row(sayReceipt(t, 'consentId'), h`<code>${r.id}</code>`)}
${row(sayReceipt(t, 'decidedAt'), date(t, r.updatedAt))}
${row(sayReceipt(t, 'validUntil'), date(t, r.expiresAt))}
${row(sayReceipt(t, 'site'), location.origin)}
${row(sayReceipt(t, 'controller'), controller.name)}
${controller.contact && row(sayReceipt(t, 'contact'), controller.contact)}
${receipt && row(sayReceipt(t, 'receiptId'), h`<code>${receipt.receiptId}</code>`)}
</dl>
<h2>${sayReceipt(t, 'decisions')}</h2>
<ul>
${decisions.map((d) => h`<li>${d}</li>`)}
</ul>
<p>${t('choice', { category: 'Global Privacy Control', choice: t(r.signals.gpc ? 'yes' : 'no') })}</p>
<h2>${sayReceipt(t, 'notice')}</h2>
<dl>
${row(sayReceipt(t, 'version'), r.revision)}
${policy && row(t('policyLink'), link(policy))}
</dl>
${receipt?.purposes.map((p) => h`<h3>${read(p.title)}</h3>${p.services.map((s) => service(s, t, read))}`)}
${(status || ack) && h`<h2>${sayReceipt(t, 'ack')}</h2>`}
${status && h`<p>${status}</p>`}
${
  ack &&
  h`<dl>
${row(sayReceipt(t, 'receivedAt'), date(t, Date.parse(ack.receivedAt)))}
${row(sayReceipt(t, 'seq'), ack.seq)}
${row(sayReceipt(t, 'hash'), h`<code>${ack.hash}</code>`)}
${row(sayReceipt(t, 'signature'), h`<code>${ack.signature}</code>`)}
</dl>`
}
<h2>${sayReceipt(t, 'verify')}</h2>
<p>${sayReceipt(t, 'verifyText')}</p>
<script type="application/json" id="temoin-receipt">
${new Markup(exact)}
</script>
</body>
</html>
`._text;
}

/** Saves the receipt of one past decision as `temoin-<date>-<receipt id>.html`. */
export function downloadReceipt(config: ValidConfig, r: HistoryEntry, t: Translator): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([receiptDocument(config, r, t)], { type: 'text/html;charset=utf-8' }));
  a.download = `temoin-${new Date(r.updatedAt).toISOString().slice(0, 10)}-${(r.receiptId ?? r.id).slice(0, 8)}.html`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}
