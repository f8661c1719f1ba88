// The cookie declaration as static HTML or Markdown, for sites that publish their cookie policy
// without the element (`temoin declaration config.json --format html|md`). Same content and table
// structure as <temoin-declaration> (rows.ts), minus the visitor's own choice.
import type { ValidConfig } from '../../core/config.js';
import type { DeclarationTranslator as Translator } from '../i18n/declaration.js';
import type { ServiceFacts } from '../i18n/services.js';
import { COLUMNS, cookieTail, declaredCategories, EMPTY, type Column } from './rows.js';

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function htmlCell(f: ServiceFacts, column: Column): string {
  if (column == 'cookies') {
    return f.cookies.length
      ? `<ul>${f.cookies.map((c) => `<li><code>${escapeHtml(c.name)}</code>${escapeHtml(cookieTail(c))}</li>`).join('')}</ul>`
      : EMPTY;
  }
  if (column == 'privacyUrl')
    return f.privacyUrl ? `<a href="${escapeHtml(f.privacyUrl)}">${escapeHtml(f.provider)}</a>` : EMPTY;
  return escapeHtml(f[column] || EMPTY);
}

/**
 * A `<section>` to paste into the site's cookie policy page: per category a heading, its
 * description and a table of its services, and a button that opens Témoin's preference center
 * (`data-temoin-open`) on a page that runs Témoin.
 */
export function declarationHtml(config: ValidConfig, t: Translator): string {
  const head = `<tr><th scope="col">${escapeHtml(t('declaration.service'))}</th>${COLUMNS.map(([, key]) => `<th scope="col">${escapeHtml(t(key))}</th>`).join('')}</tr>`;
  const categories = declaredCategories(config, t).map((c) => {
    const id = `temoin-declaration-${escapeHtml(c.id)}`;
    const rows = c.services.map(
      (f) =>
        `    <tr><th scope="row">${escapeHtml(f.name)}</th>${COLUMNS.map(([column]) => `<td>${htmlCell(f, column)}</td>`).join('')}</tr>`,
    );
    return [
      `  <h2 id="${id}">${escapeHtml(c.title)}</h2>`,
      ...(c.description ? [`  <p>${escapeHtml(c.description)}</p>`] : []),
      ...(c.required ? [`  <p>${escapeHtml(t('alwaysOn'))}</p>`] : []),
      ...(c.services.length
        ? [
            `  <div class="temoin-declaration-scroll" role="region" tabindex="0" aria-labelledby="${id}">`,
            `  <table aria-labelledby="${id}">`,
            `    <thead>${head}</thead>`,
            '    <tbody>',
            ...rows,
            '    </tbody>',
            '  </table>',
            '  </div>',
          ]
        : [`  <p>${escapeHtml(t('declaration.none'))}</p>`]),
    ].join('\n');
  });
  return [
    `<section class="temoin-declaration" lang="${t.lang}">`,
    `  <p><button type="button" data-temoin-open>${escapeHtml(t('declaration.change'))}</button></p>`,
    ...categories,
    '</section>',
    '',
  ].join('\n');
}

/**
 * Text for a Markdown table cell: Markdown's punctuation escaped, so a name can neither break the
 * table (`|`) nor become a link, emphasis or raw HTML; line breaks become spaces.
 */
const escapeMarkdown = (text: string): string =>
  text.replace(/[ \t\r\n]+/g, ' ').replace(/[\\`*_{}[\]()<>#|!~&]/g, '\\$&');

/** A link destination in `<…>`, with the characters that would end it percent-encoded. */
const markdownUrl = (url: string): string =>
  `<${url.replace(/[\s<>\\|]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)}>`;

function markdownCell(f: ServiceFacts, column: Column): string {
  if (column == 'cookies') {
    return f.cookies.length
      ? f.cookies
          // A code span cannot escape a backtick: such a name is written as plain text.
          .map(
            (c) =>
              (c.name.includes('`') ? escapeMarkdown(c.name) : `\`${c.name.replace(/\|/g, '\\|')}\``) +
              escapeMarkdown(cookieTail(c)),
          )
          .join('<br>')
      : EMPTY;
  }
  if (column == 'privacyUrl')
    return f.privacyUrl ? `[${escapeMarkdown(f.provider)}](${markdownUrl(f.privacyUrl)})` : EMPTY;
  return escapeMarkdown(f[column] || EMPTY);
}

/** The same declaration in Markdown (GitHub's tables): a heading per category, then its table. */
export function declarationMarkdown(config: ValidConfig, t: Translator): string {
  const header = [t('declaration.service'), ...COLUMNS.map(([, key]) => t(key))].map(escapeMarkdown);
  const blocks = declaredCategories(config, t).map((c) =>
    [
      `## ${escapeMarkdown(c.title)}`,
      ...(c.description ? ['', escapeMarkdown(c.description)] : []),
      ...(c.required ? ['', escapeMarkdown(t('alwaysOn'))] : []),
      '',
      ...(c.services.length
        ? [
            `| ${header.join(' | ')} |`,
            `|${header.map(() => ' --- ').join('|')}|`,
            ...c.services.map(
              (f) =>
                `| ${[escapeMarkdown(f.name), ...COLUMNS.map(([column]) => markdownCell(f, column))].join(' | ')} |`,
            ),
          ]
        : [escapeMarkdown(t('declaration.none'))]),
    ].join('\n'),
  );
  return blocks.join('\n\n') + '\n';
}
