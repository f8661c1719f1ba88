// The report's charts as inline SVG: no script, no external asset, printable in black and white
// (each line has its own dash pattern). Each has a title and a description, and its data is in
// the table that follows it.

/** Okabe–Ito hues (colour-blind safe), darkened where needed to contrast 4.5:1 with white. */
const PALETTE = ['#0072B2', '#B35000', '#007A5A', '#A8578A', '#9A6A00', '#000000'];
const DASHES = ['', '8 4', '2 3', '10 3 2 3', '4 4', '1 2'];
const W = 720;
const H = 240;
const PAD = { left: 56, right: 12, top: 12, bottom: 36 };

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** The middle of the i-th of n bands: bars and points of the two charts line up. */
const x = (i: number, n: number) => PAD.left + ((i + 0.5) / n) * (W - PAD.left - PAD.right);
const y = (v: number, max: number) => H - PAD.bottom - (v / max) * (H - PAD.top - PAD.bottom);

export interface Chart {
  /** A unique prefix for the ids of the title and description. */
  id: string;
  title: string;
  /** The text alternative: what the chart shows, what it leaves out, where its data is. */
  description: string;
  labels: string[];
}

function frame(c: Chart, body: string): string {
  return `<svg viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-labelledby="${c.id}-t ${c.id}-d" xmlns="http://www.w3.org/2000/svg"><title id="${c.id}-t">${escape(c.title)}</title><desc id="${c.id}-d">${escape(c.description)}</desc>${body}</svg>`;
}

/** Horizontal grid lines with their labels, and the labels of the bands below. */
function axes(max: number, ticks: number[], label: (v: number) => string, labels: string[]): string {
  const grid = ticks.map(
    (v) =>
      `<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(v, max)}" y2="${y(v, max)}" stroke="#c8c8c8"/><text x="${PAD.left - 6}" y="${y(v, max) + 4}" text-anchor="end" font-size="12">${escape(label(v))}</text>`,
  );
  const every = Math.ceil(labels.length / 8);
  const bands = labels.map((l, i) =>
    i % every
      ? ''
      : `<text x="${x(i, labels.length)}" y="${H - 12}" text-anchor="middle" font-size="12">${escape(l)}</text>`,
  );
  return grid.join('') + bands.join('');
}

const stroke = (k: number) =>
  `stroke="${PALETTE[k % PALETTE.length]!}" stroke-width="2.5"${DASHES[k % DASHES.length] ? ` stroke-dasharray="${DASHES[k % DASHES.length]!}"` : ''}`;

/** One line per series, 0 to 100 %, broken where a value is hidden; a lone value is a dot. */
export function lineChart(
  c: Chart,
  series: { name: string; values: (number | null)[] }[],
  percent: (share: number) => string,
): string {
  const lines = series.map((s, k) => {
    const runs: [number, number][][] = [[]];
    s.values.forEach((v, i) => {
      if (v === null) runs.push([]);
      else runs.at(-1)!.push([x(i, c.labels.length), y(v, 1)]);
    });
    return runs
      .filter((points) => points.length)
      .map((points) =>
        points.length == 1
          ? `<circle cx="${points[0]![0]}" cy="${points[0]![1]}" r="4" fill="${PALETTE[k % PALETTE.length]!}"/>`
          : `<polyline points="${points.map((p) => p.join(',')).join(' ')}" fill="none" ${stroke(k)}/>`,
      )
      .join('');
  });
  const legend = series
    .map(
      (s, k) =>
        `<span class="key"><svg viewBox="0 0 32 8" width="32" height="8" aria-hidden="true"><line x1="0" x2="32" y1="4" y2="4" ${stroke(k)}/></svg>${escape(s.name)}</span>`,
    )
    .join(' ');
  const svg = frame(c, axes(1, [0, 0.25, 0.5, 0.75, 1], percent, c.labels) + lines.join(''));
  return `${svg}<p class="legend">${legend}</p>`;
}

/** One bar per band; a hidden value is a dashed outline, as high as the chart, for "unknown". */
export function barChart(c: Chart, values: (number | null)[], count: (n: number) => string): string {
  const max = Math.max(1, ...values.map((v) => v ?? 0));
  const step = Math.max(1, Math.ceil(max / 4));
  const top = step * 4;
  const width = Math.max(4, ((W - PAD.left - PAD.right) / Math.max(c.labels.length, 1)) * 0.6);
  const bars = values.map((v, i) => {
    const left = x(i, c.labels.length) - width / 2;
    return v === null
      ? `<rect x="${left}" y="${PAD.top}" width="${width}" height="${H - PAD.top - PAD.bottom}" fill="none" stroke="#767676" stroke-dasharray="4 3"/>`
      : `<rect x="${left}" y="${y(v, top)}" width="${width}" height="${H - PAD.bottom - y(v, top)}" fill="${PALETTE[0]!}"/>`;
  });
  return frame(c, axes(top, [0, step, 2 * step, 3 * step, top], count, c.labels) + bars.join(''));
}
