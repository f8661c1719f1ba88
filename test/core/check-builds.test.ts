// The check path as published: its production build (short messages; the receipt builder a chunk
// of its own, loaded for a config that has a collector) and its development build (full
// sentences) accept and refuse the same configs, so the short messages cost no safety.
import { expect } from 'chai';
import type { ServiceConfig, TemoinConfig } from '../../src/core/config.js';
import type { CheckPath, PageState } from '../../src/core/types.js';
import { configAtLimits } from '../support/limits.js';

type Config = TemoinConfig & { categories: { services: ServiceConfig[] }[] };

/** The fixture's config changed by `change`, or a config at every limit (with a collector). */
const base = async () => (await (await fetch('/test/fixtures/config.json')).json()) as Config;
const changed = (config: Config | TemoinConfig, change: (c: Config) => void) => {
  const copy = structuredClone(config) as Config;
  change(copy);
  return copy;
};

/** `accepted`, or the error's code, as a published build's check path answers on a first visit. */
async function verdict(file: string, input: unknown): Promise<string> {
  const built = (await import(/* @vite-ignore */ `/dist/${file}`)) as CheckPath;
  try {
    await built.checkConfig({ print: '' } as PageState, structuredClone(input), false);
    return 'accepted';
  } catch (e) {
    return (e as { code?: string }).code ?? String(e);
  }
}

/** One character longer: the last service's purpose, a plain string in a config at the limits. */
const longer = (c: Config) => {
  const filler = c.categories[0]!.services.at(-1)!;
  filler.purpose = (filler.purpose as string) + 'x';
};

async function cases(): Promise<[what: string, config: unknown][]> {
  const config = await base();
  const limits = configAtLimits('https://registre.ville.test/');
  return [
    ['the fixture config', config],
    ['a config at every limit, with a collector', limits],
    ['a receipt one byte over the collector’s limit', changed(limits, longer)],
    [
      'the same without a collector',
      changed(limits, (c) => {
        longer(c);
        delete c.collector;
      }),
    ],
    [
      'a collector without a controller',
      changed(config, (c) => {
        c.collector = 'https://registre.ville.test/';
        delete c.controller;
      }),
    ],
    ['a cookie over 4,000 bytes', changed(limits, (c) => (c.categories[1]!.id += 'ii'))],
    ['a host with a space', changed(config, (c) => (c.categories[1]!.services[0]!.hosts = ['bad host']))],
    ['an empty title', changed(config, (c) => (c.categories[1]!.title = ''))],
    ['a missing title', changed(config, (c) => delete (c.categories[1] as Partial<Config['categories'][1]>).title)],
    ['an unknown field', { ...config, colector: 'https://registre.ville.test/' }],
    ['a javascript: policy URL', { ...config, policyUrl: 'JavaScript:alert(1)' }],
    ['an id used twice', changed(config, (c) => (c.categories[2]!.id = c.categories[1]!.id))],
    ['GPC denying a required category', changed(config, (c) => (c.categories[0]!.gpc = 'deny'))],
    ['no category', { ...config, categories: [] }],
    ['a control character', changed(config, (c) => (c.categories[1]!.services[0]!.name = 'a\u0000b'))],
    [
      'a known template',
      changed(config, (c) => (c.categories[1]!.services = [{ template: 'youtube', id: 'v' } as never])),
    ],
    [
      'an unknown template',
      changed(config, (c) => (c.categories[1]!.services = [{ template: 'nope', id: 'v' } as never])),
    ],
    ['not an object', 'revision'],
  ];
}

describe('the published check paths', () => {
  it('accept and refuse the same configs, in production and in development', async () => {
    const answers = [];
    for (const [what, config] of await cases()) {
      const production = await verdict('temoin-check.js', config);
      expect(await verdict('temoin-check.dev.js', config), what).to.equal(production);
      answers.push(production);
    }
    // Both answers occur: the comparison is not between two builds that accept everything.
    expect(answers.filter((a) => a == 'accepted')).to.have.length(4);
    expect(answers.filter((a) => a == 'TEMOIN_ERR_CONFIG')).to.have.length(answers.length - 4);
  });

  it('differ only where the development build is stricter: a position its layout does not take', async () => {
    // Production shows the layout's first position instead: a development error, costing no safety.
    const config = { ...(await base()), layout: 'box', position: 'top' };
    expect(await verdict('temoin-check.js', config)).to.equal('accepted');
    expect(await verdict('temoin-check.dev.js', config)).to.equal('TEMOIN_ERR_CONFIG');
  });
});
