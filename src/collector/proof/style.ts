// The consent file's styles: readable on screen, and printed on paper (A4 or Letter) with each
// receipt kept on one page where it fits and long hashes wrapped. Colours pass WCAG AA contrast.
export const STYLE = `
@page { margin: 1.6cm; }
body { font: 16px/1.5 system-ui, sans-serif; color: #1a1a1a; background: #fff; margin: 0 auto; max-width: 60rem; padding: 1rem 1.5rem 3rem; }
h1 { font-size: 1.8rem; margin-bottom: .25rem; }
h2 { margin-top: 2.5rem; border-bottom: 2px solid #1a1a1a; font-size: 1.4rem; }
h3 { margin-top: 2rem; font-size: 1.15rem; }
h4 { margin: 1.25rem 0 .25rem; font-size: 1rem; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1.25rem; margin: .5rem 0; }
dt { font-weight: 600; } dd { margin: 0; overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; margin: .75rem 0; font-size: .9rem; }
caption { text-align: left; font-weight: 600; padding: .35rem 0; }
th, td { border: 1px solid #767676; padding: .3rem .5rem; text-align: left; vertical-align: top; overflow-wrap: break-word; hyphens: auto; }
/* Wide tables scroll in their own box on a narrow screen (words are not broken letter by letter). */
.scroll { overflow-x: auto; margin: .75rem 0; } .scroll table { margin: 0; }
thead th { background: #ececec; } tbody th { font-weight: 600; }
code { font-size: .85rem; overflow-wrap: anywhere; }
.receipt { border-top: 1px solid #767676; }
.asked { border-left: 4px solid #1a4d8f; padding-left: .75rem; }
.verdict { font-weight: 600; padding: .35rem .6rem; border: 1px solid; }
.ok { color: #14532d; border-color: #14532d; } .bad, .warning { color: #8b1a1a; border-color: #8b1a1a; }
.granted { color: #14532d; font-weight: 600; } .refused { color: #8b1a1a; font-weight: 600; }
.muted { color: #4a4a4a; }
footer { margin-top: 3rem; font-size: .85rem; color: #4a4a4a; }
@media (max-width: 40rem) { body { padding: .75rem; } dl { grid-template-columns: 1fr; } dt { margin-top: .4rem; } }
@media print {
  body { font-size: 10.5pt; max-width: none; padding: 0; }
  h2, h3, h4, caption { break-after: avoid-page; }
  .receipt, table, dl { break-inside: avoid-page; }
  thead { display: table-header-group; }
  .scroll { overflow: visible; }
}
`;
