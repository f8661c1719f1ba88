// `temoin scan <url>`: its flags. The scanner itself (and puppeteer-core) is imported only when
// the command runs, so `temoin collector` never loads a browser driver.
import { InvalidArgumentError, Option, type Command } from 'commander';

const KINDS = ['leak', 'unmarked', 'undeclared', 'cookie-lifetime', 'unused', 'no-banner', 'no-cmp'] as const;
type Kind = (typeof KINDS)[number];

const whole = (min: number) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw new InvalidArgumentError(`expected a whole number ≥ ${min}, got "${value}"`);
  return n;
};
const repeat = (value: string, previous: string[] = []) => [...previous, value];
const viewport = (value: string) => {
  const m = /^(\d+)x(\d+)$/.exec(value);
  if (!m) throw new InvalidArgumentError(`expected WIDTHxHEIGHT such as 1280x800, got "${value}"`);
  return { width: Number(m[1]), height: Number(m[2]) };
};
const kinds = (value: string): Kind[] => {
  const list = value
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  for (const k of list)
    if (!(KINDS as readonly string[]).includes(k))
      throw new InvalidArgumentError(`"${k}" is not a finding kind; kinds: ${KINDS.join(', ')}`);
  return list as Kind[];
};
const page = (value: string) => {
  if (!URL.canParse(value) || !/^https?:\/\//.test(value))
    throw new InvalidArgumentError(`"${value}" is not a web page address such as https://www.example.org/`);
  return value;
};

interface ScanFlags {
  pages: number;
  sitemap?: boolean;
  url?: string[];
  perCategory?: boolean;
  wait: number;
  timeout: number;
  viewport: { width: number; height: number };
  userAgent?: string;
  browserArg?: string[];
  lang: 'fr' | 'en';
  json?: string;
  html?: string;
  suggest?: string;
  failOn: Kind[];
  concurrency: number;
}

export function scanCommand(cli: Command): void {
  const command = cli
    .command('scan')
    .argument('[url]', 'the first page of the site')
    .description(
      'Scans a site in Chromium before any choice, after "reject all" and after "accept all"; reports leaks, unmarked markup, undeclared third parties. Exit 0: no leak, 1: findings, 2: the scan could not run.',
    )
    .addOption(
      new Option('--pages <n>', 'most pages to scan, following same-origin links breadth first')
        .default(10)
        .argParser(whole(1)),
    )
    .option('--sitemap', 'take the pages from /sitemap.xml')
    .addOption(
      new Option('--url <url>', 'a page to scan (repeatable): a fixed list, no crawl').argParser(
        (v: string, p?: string[]) => repeat(page(v), p),
      ),
    )
    .option('--per-category', 'also record each optional category granted alone')
    .addOption(
      new Option('--wait <ms>', 'longest wait for a page to settle after it loads').default(3000).argParser(whole(0)),
    )
    .addOption(new Option('--timeout <ms>', 'longest wait for a page to load').default(30000).argParser(whole(1000)))
    .addOption(
      new Option('--viewport <WxH>', 'window size')
        .default({ width: 1280, height: 800 }, '1280x800')
        .argParser(viewport),
    )
    .option('--user-agent <ua>', "the browser's user agent string")
    .addOption(
      new Option(
        '--browser-arg <arg>',
        'a flag for Chromium (repeatable), e.g. --host-resolver-rules="MAP www.example.org staging.internal"',
      ).argParser(repeat),
    )
    .addOption(new Option('--lang <lang>', 'language of the reports').choices(['fr', 'en']).default('en'))
    .option('--json <file>', 'write the report as JSON (schema: temoin/schema/scan-report.json)')
    .option('--html <file>', 'write the report as one self-contained HTML file')
    .option('--suggest <file>', 'write a config draft with templates for the known services found')
    .addOption(
      new Option('--fail-on <kinds>', `finding kinds that make the exit code 1 (${KINDS.join(', ')})`)
        .default(['leak', 'unmarked'], 'leak,unmarked')
        .argParser(kinds),
    )
    .addOption(new Option('--concurrency <n>', 'pages visited at once').default(2).argParser(whole(1)))
    .action(async (url: string | undefined, o: ScanFlags) => {
      if (url !== undefined) page(url);
      if (!url && !o.url?.length)
        throw new InvalidArgumentError('give the page to scan: temoin scan https://www.example.org/');
      const { runScan } = await import('../../scanner/run.js');
      process.exitCode = await runScan({
        ...(url ? { start: url } : {}),
        urls: o.url ?? [],
        sitemap: !!o.sitemap,
        pages: o.pages,
        perCategory: !!o.perCategory,
        wait: o.wait,
        timeout: o.timeout,
        viewport: o.viewport,
        ...(o.userAgent ? { userAgent: o.userAgent } : {}),
        browserArgs: o.browserArg ?? [],
        lang: o.lang,
        failOn: o.failOn,
        concurrency: o.concurrency,
        ...(o.json ? { json: o.json } : {}),
        ...(o.html ? { html: o.html } : {}),
        ...(o.suggest ? { suggest: o.suggest } : {}),
      });
    });
  // Bad flags are a scan that could not run: exit 2, as any other cause (commander's default is 1).
  command.exitOverride((e) => process.exit(e.exitCode === 0 ? 0 : 2));
}
