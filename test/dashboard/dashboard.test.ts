// The analysts' dashboard in real Chromium, served by a real collector over SQLite and
// PostgreSQL with seeded receipts: sign-in, charts drawn from the data, suppressed cells, chain
// status, recent receipts with filters, the access log for admins, French and English, axe.
import { setViewport } from '@web/test-runner-commands';
import { expect } from 'chai';
import type { Receipt } from '../../src/receipts/receipt.js';
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

async function openDashboard(): Promise<Fixture> {
  const frame = document.createElement('iframe');
  frame.src = '/collector/dashboard';
  frame.style.cssText = 'width:1280px;height:900px;border:0';
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
      // Period, decisions, analytics, accept all, reject all, GPC: 4 refusals are fewer than 5, so hidden.
      expect(rows).to.deep.equal([
        [dayAgo(3), '10', '60.0 %', '60.0 %', 'moins de 5', '0.0 %'],
        [dayAgo(2), 'moins de 5'],
        [dayAgo(1), '5', '100.0 %', '100.0 %', '0.0 %', '0.0 %'],
      ]);
      const acceptance = shadow(f).querySelector<HTMLCanvasElement>('#acceptance')!;
      const decisions = shadow(f).querySelector<HTMLCanvasElement>('#decisions')!;
      await until(() => drawn(acceptance) && drawn(decisions), 'both charts drawn');
      expect(acceptance.getAttribute('aria-label')).to.contain('3 périodes');
      await until(() => text(f, '#chain-status') == 'Chaîne intacte : 17 reçus vérifiés.', 'the chain status');
      await until(() => shadow(f).querySelectorAll('#recent-table tbody tr').length == 17, 'the recent receipts');
      expect(shadow(f).querySelector('#access-table')).to.equal(null, 'analysts do not see the access log');
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
  });
}
