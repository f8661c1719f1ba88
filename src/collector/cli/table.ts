// Plain-text tables for the CLI's human output.
export function table(headers: string[], rows: (string | number | null | undefined)[][]): string {
  const cells = [headers, ...rows.map((r) => r.map((c) => (c === null || c === undefined ? '–' : String(c))))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(cells[0]!), widths.map((w) => '─'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

/** "1 receipt", "2 receipts"; `shown` writes the number otherwise ("1,000 receipts"). */
export const plural = (n: number, word: string, shown = String(n)) => `${shown} ${word}${n == 1 ? '' : 's'}`;
