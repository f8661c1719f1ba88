// The pieces the consent file's HTML is made of: escaped text, times in the reader's zone, lists
// of facts, and tables with their caption and header cells (scope), as assistive technology and
// axe expect them.
import type { ProofLanguage, ProofStrings } from './i18n.js';

export const escape = (s: unknown) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** What every part of the page needs: the words, and the zone times are shown in. */
export interface View {
  t: ProofStrings;
  lang: ProofLanguage;
  timeZone: string;
}

/** A time in the reader's zone, as the language writes it, with its exact UTC value behind. */
export function when(iso: string | null | undefined, v: View): string {
  if (!iso) return v.t.none;
  const shown = new Date(iso).toLocaleString(v.t.locale, {
    dateStyle: 'long',
    timeStyle: 'long',
    timeZone: v.timeZone,
  });
  return `<time datetime="${escape(iso)}">${escape(shown)}</time>`;
}

/** Stands for a time inside a sentence of i18n.ts, before the sentence is escaped. */
const TIME = '\u0000';

/** A sentence that says a time: `say(TIME)` escaped, the time marked up where TIME stood. */
export const sentence = (say: (time: string) => string, iso: string | null, v: View) =>
  escape(say(TIME)).replace(TIME, when(iso, v));

export const code = (s: string | null | undefined) => (s ? `<code>${escape(s)}</code>` : '—');

/** A definition list of labels (text) and values (HTML). */
export const facts = (rows: [string, string][]) =>
  `<dl>${rows.map(([k, value]) => `<dt>${escape(k)}</dt><dd>${value}</dd>`).join('')}</dl>`;

/** A table with a caption, column headers, and each row's first cell as its header; cells are HTML. */
export function table(caption: string, headers: string[], rows: string[][], className = ''): string {
  const head = headers.map((h) => `<th scope="col">${escape(h)}</th>`).join('');
  const body = rows
    .map(([first, ...rest]) => `<tr><th scope="row">${first}</th>${rest.map((c) => `<td>${c}</td>`).join('')}</tr>`)
    .join('');
  const cls = className ? ` class="${className}"` : '';
  return `<div class="scroll" tabindex="0"><table${cls}><caption>${escape(caption)}</caption><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
}
