// A switch per service: one service of a category granted, its neighbour still refused, through
// the record and cookie, the blocker, Consent Mode, GPC, withdrawal and the API.
import { expect } from 'chai';
import type { CategoryConfig } from '../../src/core/config.js';
import type { ConsentRecord } from '../../src/core/consent.js';
import {
  cleanOrigin,
  cookieNames,
  open,
  pathsFrom,
  port,
  timeToShow,
  until,
  writeRecordCookie,
} from '../support/fixture.js';
/** The test config, with media made of two services: `video` (*.video.test) and `tube` (tube.test). */
let categories: CategoryConfig[];
before(async () => {
  const base = (await (await fetch('/test/fixtures/config.json')).json()) as { categories: CategoryConfig[] };
  categories = base.categories.map((c) =>
    c.id == 'media'
      ? {
          ...c,
          consentMode: ['functionality_storage'],
          gpc: 'deny',
          services: [
            { ...c.services![0]!, cookies: [{ name: '_vd' }] },
            {
              id: 'tube',
              name: 'Tube',
              provider: 'Tube inc.',
              purpose: 'Vidéos',
              hosts: ['tube.test'],
              cookies: [{ name: '_tb' }],
              hostedOutsideQuebec: true,
            },
          ],
        }
      : c,
  );
});
const page = (options: { gpc?: boolean; dev?: boolean } = {}) =>
  open('services', { config: { categories }, ...options });

describe('a switch per service', () => {
  beforeEach(cleanOrigin);

  it('releases one service of a category and not its neighbour: markup, run-time requests, the API', async () => {
    const f = await page();
    await f.win.temoin.ready;
    const record = (await f.win.temoin.set({ media: { tube: true } }))!;
    expect(record.choices.media).to.equal(false);
    expect(record.services).to.deep.equal(['tube']);
    expect([
      f.win.temoin.granted('media'),
      f.win.temoin.granted('media', 'tube'),
      f.win.temoin.granted('media', 'video'),
    ]).to.deep.equal([false, true, false]);

    await until(() => f.win.__ran?.includes('tube.test/player.js'), 'the tube script');
    await until(async () => (await pathsFrom('www.tube.test')).includes('/embed.html'), 'the tube iframe');
    // What a script adds at run time: the granted service's host loads, its neighbour's is held.
    const img = (host: string) => {
      const i = f.doc.createElement('img');
      i.src = `http://${host}:${port}/runtime.gif`;
      f.doc.body.append(i);
      return i;
    };
    img('tube.test');
    const held = img('cdn.video.test');
    await until(async () => (await pathsFrom('tube.test')).includes('/runtime.gif'), 'the tube image');
    let refused = '';
    await f.win.fetch(`http://api.video.test:${port}/x`).catch((e: unknown) => (refused = (e as Error).message));
    expect(refused).to.include('blocked (media/video)');
    await timeToShow(300);
    expect(await pathsFrom('www.video.test')).to.deep.equal([]);
    expect(await pathsFrom('cdn.video.test')).to.deep.equal([]);
    // Markup naming only the category waits for all of it.
    expect(f.win.__ran).to.not.include('cdn.video.test/whole.js');

    // The neighbour granted too: the category is whole, and the record says so without `services`.
    const all = (await f.win.temoin.set({ media: { video: true } }))!;
    expect(all.choices.media).to.equal(true);
    expect(all.services).to.equal(undefined);
    expect(f.win.temoin.granted('media')).to.equal(true);
    await until(() => f.win.__ran?.includes('cdn.video.test/whole.js'), 'the whole-category script');
    await until(async () => (await pathsFrom('www.video.test')).includes('/embed.html'), 'the video iframe');
    await until(async () => (await pathsFrom('cdn.video.test')).includes('/runtime.gif'), 'the held image, released');
    expect(held.src).to.include('cdn.video.test');
  });

  it('keeps the choice per service in the cookie, and reads an older cookie without it as category-wide', async () => {
    let f = await page();
    await f.win.temoin.ready;
    const record = (await f.win.temoin.set({ media: { video: true } }))!;
    f = await page();
    await f.win.temoin.ready;
    expect(f.win.temoin.get()).to.deep.include({ receiptId: record.receiptId, services: ['video'] });
    expect([f.win.temoin.granted('media', 'video'), f.win.temoin.granted('media', 'tube')]).to.deep.equal([
      true,
      false,
    ]);

    const older: ConsentRecord = { ...record, choices: { ...record.choices, media: true } };
    delete older.services;
    writeRecordCookie(older);
    f = await page();
    await f.win.temoin.ready;
    expect([
      f.win.temoin.granted('media'),
      f.win.temoin.granted('media', 'video'),
      f.win.temoin.granted('media', 'tube'),
    ]).to.deep.equal([true, true, true]);
  });

  it('grants a Consent Mode type only when every service that needs it is granted', async () => {
    const f = await page();
    await f.win.temoin.ready;
    const last = () => {
      const updates = (f.win.dataLayer as IArguments[])
        .map((a) => Array.from<unknown>(a))
        .filter((e) => e[1] == 'update');
      return (updates.at(-1)![2] as Record<string, string>).functionality_storage;
    };
    await f.win.temoin.set({ media: { tube: true } });
    expect(last()).to.equal('denied');
    await f.win.temoin.set({ media: { video: true } });
    expect(last()).to.equal('granted');
    await f.win.temoin.set({ media: { tube: false } });
    expect(last()).to.equal('denied');
  });

  it('under GPC, accepting all refuses the services of a gpc: "deny" category, and a grant of one service stands', async () => {
    const f = await page({ gpc: true });
    await f.win.temoin.ready;
    await f.win.temoin.acceptAll();
    expect([f.win.temoin.granted('media', 'tube'), f.win.temoin.granted('media', 'video')]).to.deep.equal([
      false,
      false,
    ]);
    await f.win.temoin.set({ media: { tube: true } });
    expect([f.win.temoin.granted('media', 'tube'), f.win.temoin.granted('media', 'video')]).to.deep.equal([
      true,
      false,
    ]);
    await until(() => f.win.__ran?.includes('tube.test/player.js'), 'the tube script');
  });

  it('deletes the cookies of the service withdrawn, and keeps its neighbour’s', async () => {
    const f = await page();
    await f.win.temoin.ready;
    await f.win.temoin.set({ media: true });
    f.doc.cookie = '_vd=1; path=/';
    f.doc.cookie = '_tb=1; path=/';
    await f.win.temoin.set({ media: { tube: false } });
    expect(cookieNames(f.doc)).to.include('_vd').and.not.include('_tb');
  });

  it('refuses a bad call with the problem and the fix, and records nothing', async () => {
    const prod = await page();
    await prod.win.temoin.ready;
    const failed = await prod.win.temoin.set({ media: { nope: true } }).catch((e: unknown) => (e as Error).message);
    expect(failed, 'production build').to.equal('temoin: set(media)');
    const f = await page({ dev: true });
    await f.win.temoin.ready;
    const error = (changes: unknown) =>
      f.win.temoin.set(changes as Record<string, boolean>).then(
        () => '',
        (e: unknown) => (e as Error).message,
      );
    expect(await error({ media: { nope: true } })).to.equal(
      'temoin: set({ media: {"nope":true} }): unknown service "nope"; media has: video, tube',
    );
    expect(await error({ media: { tube: 'yes' } })).to.equal(
      'temoin: set({ media: {"tube":"yes"} }): tube: a choice is true or false',
    );
    expect(await error({ media: 'yes' })).to.equal(
      'temoin: set({ media: "yes" }): a choice is true, false or { service: true or false }',
    );
    expect(await error({ media: { video: true }, necessary: false })).to.equal(
      'temoin: set({ necessary: false }): a strictly necessary category cannot be refused',
    );
    expect(f.win.temoin.get()).to.equal(null);
  });
});
