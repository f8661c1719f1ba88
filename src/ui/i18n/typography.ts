// French typography for texts that come from the config; the bundled French strings are written
// with it already (test/ui/typography.test.ts walks them).

/**
 * A no-break space before « : » (U+00A0) and « ; ! ? » (U+202F), inside « », and typographic
 * apostrophes, so a line never breaks before a colon or after «. For French text only.
 */
export const frenchTypography = (text: string): string => text
  .replace(/'/g, '’')
  .replace(/«[ \t\n\u00a0]*/g, '«\u202f')
  .replace(/[ \t\n\u00a0]+([;!?»])/g, '\u202f$1')
  // After a word with no space at all ("Attention!"); « 10:30 » and « https:// » stay as they are.
  .replace(/(?<=[\p{L}\p{N})’])([;!?](?=[ \t\n]|$)|»)/gu, '\u202f$1')
  .replace(/[ \t\n]+:|(?<=\p{L}):(?=[ \t\n]|$)/gu, '\u00a0:');
