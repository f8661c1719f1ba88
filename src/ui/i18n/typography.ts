// French typography for texts that come from the config; the bundled French strings are written
// with it already (test/ui/notice.test.ts walks them).

/**
 * A no-break space before « : » (U+00A0) and « ; ! ? » (U+202F), inside « », and typographic
 * apostrophes, so a line never breaks before a colon or after «. For French text only. Marks
 * followed by more than a space are left alone: « 10:30 », « https://x.test/?a=1 ».
 */
export const frenchTypography = (text: string): string =>
  text
    .replace(/'/g, '’')
    .replace(/«\s*/g, '«\u202f')
    .replace(/\s*([;!?]+(?=\s|$)|»)/g, '\u202f$1')
    .replace(/\s*:(?=\s|$)/g, '\u00a0:');
