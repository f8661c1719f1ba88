// The analysts' dashboard in real Chromium, served by a real collector over SQLite and
// PostgreSQL with seeded receipts: sign-in, charts drawn from the data, suppressed cells, chain
// status, recent receipts with filters, the access log for admins, French and English, axe.
import { setViewport } from '@web/test-runner-commands';
import { expect } from 'chai';
import { STRINGS } from '../../src/dashboard/i18n.js';
import type { Receipt } from '../../src/receipts/receipt.js';
import { frenchTypography } from '../../src/ui/i18n/typography.js';
import { until, type Fixture, type FixtureWindow } from '../support/fixture.js';
import { expectAccessible, screenshot } from '../support/ui.js';

const control = async <T>(action: string, body?: unknown): Promise<T> => {
  const response = await fetch(`/__collector/${action}`, {
    method: 'POST',
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  if (!response.ok) throw new Error(`${action}: ${await response.text()}`);
  return response.json() as Promise<T>;
};

const dayAgo = (n: number) => new Date(Date.now() - n * 864e5).toISOString().slice(0, 10);
const MONTHS = ['janv.', 'févr.', 'mars', 'avr.', 'mai', 'juin', 'juil.', 'août', 'sept.', 'oct.', 'nov.', 'déc.'];
/** A day as a French page writes it: 2026-11-23 is « 23 nov. 2026 ». */
const frenchDay = (iso: string) => {
  const [year, month, day] = iso.split('-').map(Number) as [number, number, number];
  return `${day} ${MONTHS[month - 1]!} ${year}`;
};

/** A receipt decided on `date`, accepting analytics or not. */
function receipt(date: string, accept: boolean, language: 'fr' | 'en' = 'fr'): Receipt {
  return {
    version: '1.0',
    receiptId: crypto.randomUUID(),
    previousReceiptId: null,
    jurisdiction: 'CA-QC',
    timestamp: `${date}T12:00:00.000Z`,
    event: accept ? 'given' : 'refused',
    validUntil: null,
    collectionMethod: 'banner',
    language,
    principal: crypto.randomUUID(),
    controller: { name: 'Ville de Test' },
    policyUrl: null,
    revision: 1,
    configHash: 'b'.repeat(64),
    signals: { gpc: false },
    userAgentFamily: 'Firefox',
    purposes: [
      { category: 'necessary', title: 'Nécessaires', required: true, decision: 'granted', services: [] },
      {
        category: 'analytics',
        title: 'Mesure',
        required: false,
        decision: accept ? 'granted' : 'refused',
        services: [],
      },
    ],
  };
}

const shadow = (f: Fixture) => f.doc.querySelector('temoin-dashboard')!.shadowRoot!;
const text = (f: Fixture, selector: string) =>
  shadow(f).querySelector(selector)?.textContent.replace(/\s+/g, ' ').trim() ?? '';

async function openDashboard(width = 1280): Promise<Fixture> {
  const frame = document.createElement('iframe');
  frame.src = '/collector/dashboard';
  frame.style.cssText = `width:${width}px;height:900px;border:0`;
  const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  document.body.append(frame);
  await loaded;
  const win = frame.contentWindow as FixtureWindow;
  await until(() => win.document.querySelector('temoin-dashboard')?.shadowRoot?.querySelector('h1'), 'the dashboard');
  return { frame, win, doc: win.document };
}

async function signIn(f: Fixture, token: string): Promise<void> {
  const input = await until(() => shadow(f).querySelector<HTMLInputElement>('input[name=token]'), 'the token field');
  input.value = token;
  shadow(f).querySelector<HTMLFormElement>('form')!.requestSubmit();
}

/** Whether a canvas has anything drawn on it. */
const drawn = (canvas: HTMLCanvasElement) => {
  const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
  return data.some((v, i) => i % 4 == 3 && v > 0);
};

for (const store of ['sqlite', 'postgres']) {
  describe(`dashboard, collector on ${store}`, () => {
    let analyst = '';
    let admin = '';
    before(async () => {
      await control(`start?store=${store}`);
      // Three days ago: 6 of 10 accept; two days ago: 2 decisions (suppressed); yesterday: 5 in English.
      const seeded = [
        ...Array.from({ length: 10 }, (_, i) => receipt(dayAgo(3), i < 6)),
        ...Array.from({ length: 2 }, () => receipt(dayAgo(2), true)),
        ...Array.from({ length: 5 }, () => receipt(dayAgo(1), true, 'en')),
      ];
      await control('seed', seeded);
      ({ token: analyst } = await control<{ token: string }>('token?name=Ana%20Lyste&role=analyst'));
      ({ token: admin } = await control<{ token: string }>('token?name=Ad%20Min&role=admin'));
    });
    beforeEach(() => {
      for (const frame of document.querySelectorAll('iframe')) frame.remove();
      sessionStorage.clear();
    });
    after(() => control('stop'));

    it('signs in with a token, and refuses an unknown one', async () => {
      const f = await openDashboard();
      await expectAccessible(f, 'the sign-in form');
      await signIn(f, 'tmn_wrong');
      await until(() => text(f, '[role=alert]').includes('Ce jeton est inconnu ou révoqué.'), 'the refusal');
      await signIn(f, analyst);
      await until(() => text(f, 'header').includes('Connecté : Ana Lyste (analyst)'), 'signed in');
    });

    it('draws acceptance and decisions from the receipts, suppressing small cells', async () => {
      const f = await openDashboard();
      await signIn(f, analyst);
      await until(() => shadow(f).querySelectorAll('#stats-table tbody tr').length == 3, 'the statistics');
      const rows = [...shadow(f).querySelectorAll('#stats-table tbody tr')].map((tr) =>
        [...tr.children].map((c) => c.textContent.trim()),
      );
      // Period, decisions, analytics, accept all, reject all, GPC: 4 refusals are fewer than 5, so hidden,
      // and so are the 6 acceptances of 10, which would give the 4 back. Dates and numbers as a French
      // page writes them.
      const pct = (n: string) => `${n}\u00a0%`;
      expect(rows.map((r) => r.map((cell) => cell.replace(/\u202f/g, '\u00a0')))).to.deep.equal([
        [frenchDay(dayAgo(3)), '10', 'moins de 5', 'moins de 5', 'moins de 5', pct('0,0')],
        [frenchDay(dayAgo(2)), 'moins de 5'],
        [frenchDay(dayAgo(1)), '5', pct('100,0'), pct('100,0'), pct('0,0'), pct('0,0')],
      ]);
      // The category's title from the receipts' notice, not its id.
      await until(() => text(f, '#stats-table thead').includes('Mesure'), 'the category title');
      expect(text(f, '#stats-table thead')).not.to.contain('analytics');
      // The chart says which period it leaves out, and why.
      expect(shadow(f).querySelector('#acceptance-hidden')!.textContent).to.equal(
        '1 période sur 3 compte moins de 5 décisions\u00a0: elle n’est pas tracée.',
      );
      const acceptance = shadow(f).querySelector<HTMLCanvasElement>('#acceptance')!;
      const decisions = shadow(f).querySelector<HTMLCanvasElement>('#decisions')!;
      await until(() => drawn(acceptance) && drawn(decisions), 'both charts drawn');
      expect(acceptance.getAttribute('aria-label')).to.contain('3 périodes');
      await until(() => text(f, '#chain-status') == 'Chaîne intacte : 17 reçus vérifiés.', 'the chain status');
      await until(() => shadow(f).querySelectorAll('#recent-table tbody tr').length == 17, 'the recent receipts');
      expect(shadow(f).querySelector('#access-table')).to.equal(null, 'analysts do not see the access log');
      // Times in the reader's time zone, named.
      expect(text(f, '#recent-table tbody td:nth-child(2)')).to.match(/^\d{1,2} \S+ \d{4}, \d{1,2} h \d{2} \S+/);
      await expectAccessible(f, 'the dashboard');
    });

    it('splits by language and filters recent receipts', async () => {
      const f = await openDashboard();
      await signIn(f, analyst);
      await until(() => shadow(f).querySelectorAll('#stats-table tbody tr').length, 'the statistics');
      const split = shadow(f).querySelectorAll('select')[1]!;
      split.value = 'language';
      split.dispatchEvent(new Event('change'));
      shadow(f).querySelector<HTMLFormElement>('form')!.requestSubmit();
      await until(() => shadow(f).querySelectorAll('#stats-table thead th').length == 7, 'a group column');
      const groups = [...shadow(f).querySelectorAll('#stats-table tbody tr')].map((tr) => tr.children[1]!.textContent);
      expect(groups).to.deep.equal(['fr', 'fr', 'en']);
      const event = shadow(f).querySelector<HTMLSelectElement>('#recent-title ~ form select')!;
      event.value = 'refused';
      event.dispatchEvent(new Event('change'));
      shadow(f).querySelector<HTMLFormElement>('#recent-title ~ form')!.requestSubmit();
      await until(() => shadow(f).querySelectorAll('#recent-table tbody tr').length == 4, 'the four refusals');
      // The download carries the same filter: catch the file instead of letting the browser save it.
      let saved: { name: string; text: Promise<string> } | undefined;
      const proto = f.win.HTMLAnchorElement.prototype;
      proto.click = function (this: HTMLAnchorElement) {
        saved = { name: this.download, text: fetch(this.href).then((r) => r.text()) };
      };
      try {
        [...shadow(f).querySelectorAll<HTMLButtonElement>('#recent-title ~ form button')]
          .find((b) => b.textContent.includes('CSV'))!
          .click();
        await until(() => saved, 'the CSV download');
      } finally {
        delete (proto as Partial<HTMLAnchorElement>).click;
      }
      expect(saved!.name).to.match(/^temoin-receipts-\d{4}-\d{2}-\d{2}\.csv$/);
      const lines = (await saved!.text).trim().split('\n');
      expect(lines).to.have.length(1 + 4);
      expect(lines.slice(1).every((l) => l.includes(',refused,'))).to.equal(true);
    });

    it('finds a visitor by the short id it shows, and clears an error once a filter works', async () => {
      const f = await openDashboard();
      await signIn(f, analyst);
      await until(() => shadow(f).querySelectorAll('#recent-table tbody tr').length == 17, 'the recent receipts');
      const shortId = shadow(f).querySelector('#recent-table tbody td.mono')!.textContent.trim();
      expect(shortId).to.have.length(8);
      const input = shadow(f).querySelector<HTMLInputElement>('#recent-title ~ form input')!;
      const filter = (value: string) => {
        input.value = value;
        input.dispatchEvent(new Event('change'));
        shadow(f).querySelector<HTMLFormElement>('#recent-title ~ form')!.requestSubmit();
      };
      filter('not-an-id');
      await until(() => text(f, '[role=alert]').includes('principal must be'), 'the error');
      filter(shortId);
      await until(() => shadow(f).querySelectorAll('#recent-table tbody tr').length == 1, 'one visitor');
      expect(shadow(f).querySelector('[role=alert]')).to.equal(null, 'the stale error is gone');
      expect(shadow(f).querySelector('#recent-table tbody td.mono')!.getAttribute('title')).to.match(
        new RegExp(`^${shortId}-`),
      );
    });

    it('fits a phone', async () => {
      const f = await openDashboard(375);
      await signIn(f, admin);
      await until(() => shadow(f).querySelector('#access-table tbody tr'), 'the whole dashboard');
      expect(f.doc.documentElement.scrollWidth, 'no sideways scrolling').to.be.at.most(375);
      // The access log's time on one line, its filters wrapped between members (the table scrolls
      // in its region): not the time on four lines beside JSON that widened the table.
      const row = shadow(f).querySelector<HTMLTableRowElement>('#access-table tbody tr')!;
      const [time, , , filters] = [...row.cells];
      const lines = (el: Element) => {
        const range = f.doc.createRange();
        range.selectNodeContents(el);
        return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
      };
      expect(lines(time!), 'the time on one line').to.equal(1);
      expect(filters!.textContent, 'a space after each member').to.match(/^\{[^,]*(, "[^,]*)*\}$/);
      await expectAccessible(f, 'the dashboard on a phone');
      if (store == 'sqlite') {
        await setViewport({ width: 375, height: 900 });
        f.frame.style.cssText = 'position:fixed;inset:0;width:100%;height:100%;border:0;background:#fff';
        await screenshot('dashboard-375');
      }
    });

    it('shows admins the access log, in English too', async () => {
      const f = await openDashboard();
      await signIn(f, admin);
      const log = await until(
        () => shadow(f).querySelector('#access-table tbody tr') && text(f, '#access-table'),
        'the access log',
      );
      expect(log).to.contain('Ana Lyste').and.contain('GET /v1/stats').and.contain('{"view":"dashboard"}');
      shadow(f).querySelector<HTMLButtonElement>('header button[lang=en]')!.click();
      await until(() => text(f, 'h1') == 'Témoin: consent dashboard', 'English');
      expect(text(f, '#access-title')).to.equal('Access log');
      await expectAccessible(f, 'the admin dashboard in English');
      if (store == 'sqlite') {
        await setViewport({ width: 1280, height: 900 });
        f.frame.style.cssText = 'position:fixed;inset:0;width:100%;height:100%;border:0;background:#fff';
        await screenshot('dashboard-1280');
      }
    });

    it('opens one receipt and one visitor’s receipts in chain order, on a phone too', async () => {
      const principal = crypto.randomUUID();
      const mine = (date: string, accept: boolean, event: Receipt['event']) => ({
        ...receipt(date, accept),
        principal,
        event,
      });
      await control('seed', [
        mine(dayAgo(3), true, 'given'),
        mine(dayAgo(2), false, 'updated'),
        mine(dayAgo(1), false, 'withdrawn'),
      ]);
      const f = await openDashboard(375);
      await signIn(f, analyst);
      const row = await until(
        () => [...shadow(f).querySelectorAll('#recent-table tbody tr')].find((tr) => tr.innerHTML.includes(principal)),
        'the visitor’s newest receipt',
      );
      row.querySelector('button')!.click();
      await until(() => shadow(f).querySelector('#receipt-view'), 'the receipt view');
      const seq = row.querySelector('button')!.textContent.trim();
      expect(shadow(f).querySelector('#receipt-view-title')!.textContent).to.equal(`Reçu nº\u00a0${seq}`);
      expect(shadow(f).activeElement?.id).to.equal('receipt-view-title', 'the keyboard follows');
      expect(text(f, '#receipt-view dl')).to.contain(principal).and.contain('retiré').and.contain('b'.repeat(64));
      const purposes = [...shadow(f).querySelectorAll('#receipt-purposes-table tbody tr')].map((tr) =>
        [...tr.children].slice(0, 2).map((c) => c.textContent.trim()),
      );
      expect(purposes).to.deep.equal([
        ['Nécessaires', 'nécessaire (toujours active)'],
        ['Mesure', 'refusée'],
      ]);
      expect(f.doc.documentElement.scrollWidth, 'no sideways scrolling').to.be.at.most(375);
      await expectAccessible(f, 'a receipt on a phone');
      if (store == 'sqlite') {
        await setViewport({ width: 375, height: 1100 });
        f.frame.style.cssText = 'position:fixed;inset:0;width:100%;height:100%;border:0;background:#fff';
        shadow(f).querySelector('#receipt-view')!.scrollIntoView();
        await screenshot('dashboard-receipt-375');
      }

      [...shadow(f).querySelectorAll<HTMLButtonElement>('#receipt-view button')]
        .find((b) => b.textContent.includes('Tous les reçus'))!
        .click();
      await until(() => shadow(f).querySelectorAll('#visitor-table tbody tr').length == 3, 'the visitor’s receipts');
      const rows = [...shadow(f).querySelectorAll('#visitor-table tbody tr')].map((tr) =>
        [...tr.children].map((c) => c.textContent.trim()),
      );
      expect(rows.map((r) => [r[2], r[3]])).to.deep.equal([
        ['donné', 'Mesure'],
        ['modifié', 'rien d’optionnel'],
        ['retiré', 'rien d’optionnel'],
      ]);
      // Each receipt checked against the collector's keys, and this read logged.
      expect(rows.every((r) => /^vérifié \(clé [0-9a-f]{16}\)$/.test(r[4]!))).to.equal(true, rows.join(' | '));
      expect(text(f, '#visitor-view')).to.match(/inscrite au journal des accès \(nº \d+\)/);
      const seqs = rows.map((r) => Number(r[0]));
      expect(seqs).to.deep.equal(
        [...seqs].sort((a, b) => a - b),
        'in chain order',
      );
      expect(seqs[2]).to.equal(Number(seq));
      expect(text(f, '#visitor-view-title')).to.equal(`Visiteur ${principal.slice(0, 8)}`);
      await expectAccessible(f, 'a visitor on a phone');
      // What the visitor had granted between the first and the second decision.
      const moment = new Date(`${dayAgo(3)}T18:00:00Z`);
      const field = shadow(f).querySelector<HTMLInputElement>('#visitor-view input[name=at]')!;
      field.value = new Date(moment.getTime() - moment.getTimezoneOffset() * 6e4).toISOString().slice(0, 16);
      shadow(f).querySelector<HTMLFormElement>('#visitor-view form')!.requestSubmit();
      await until(() => text(f, '#visitor-at'), 'the state at that moment');
      expect(text(f, '#visitor-at')).to.match(/^Au .*, étaient accordées : Mesure\.$/);
      // The receipts were seeded today with older decision times: the answer says so.
      expect(text(f, '#visitor-at-late')).to.match(/arrivés au collecteur après : 1\./);
      if (store == 'sqlite') {
        shadow(f).querySelector('#visitor-view')!.scrollIntoView();
        await screenshot('dashboard-visitor-375');
      }
      [...shadow(f).querySelectorAll<HTMLButtonElement>('#visitor-view button')].at(-1)!.click();
      await until(() => !shadow(f).querySelector('#visitor-view'), 'closed');
      expect(shadow(f).activeElement?.getAttribute('role')).to.equal('region', 'back to the table');
    });
  });
}

describe('dashboard words', () => {
  it('writes French with French typography', () => {
    for (const text of Object.values(STRINGS.fr)) expect(frenchTypography(text)).to.equal(text);
  });
});
