// The visitor's consent id in the preference center, and the receipt they download: what an
// access request needs, readable, in the visitor's language, without the outbox's bookkeeping.
import { setViewport } from '@web/test-runner-commands';
import { expect } from 'chai';
import type { CategoryConfig } from '../../src/core/config.js';
import type { HistoryEntry } from '../../src/core/index.js';
import { cleanOrigin, until, type Fixture } from '../support/fixture.js';
import { expectAccessible, openUI, part, preferences, preferencesShown, settled } from '../support/ui.js';

const consentId = (f: Fixture) => part(preferences(f), 'temoin-consent-id');
const section = (f: Fixture) => consentId(f).shadowRoot!.querySelector<HTMLElement>('section');

/** Opens the preference center and waits for the consent id (or for its absence to settle). */
async function openCenter(f: Fixture): Promise<void> {
  await f.win.temoin.showPreferences();
  await preferencesShown(f);
  await settled(f);
}

/** Clicks a history entry's download button and catches the file instead of letting the browser save it. */
async function download(f: Fixture, entry = 0): Promise<{ name: string; text: string; doc: Document }> {
  const history = part(preferences(f), 'temoin-history');
  const button = await until(
    () => history.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part="download"]')[entry],
    'a download button',
  );
  const proto = f.win.HTMLAnchorElement.prototype;
  let saved: { name: string; text: Promise<string> } | undefined;
  proto.click = function (this: HTMLAnchorElement) {
    saved = { name: this.download, text: fetch(this.href).then((r) => r.text()) };
  };
  try {
    button.click();
    // The document is a chunk of its own, fetched on the click.
    await until(() => saved, 'the download');
  } finally {
    delete (proto as Partial<HTMLAnchorElement>).click;
  }
  const text = await saved!.text;
  return { name: saved!.name, text, doc: new DOMParser().parseFromString(text, 'text/html') };
}

/** The text a reader sees (not the JSON data), spaces collapsed (no-break spaces kept). */
function seen(doc: Document): string {
  const body = doc.body.cloneNode(true) as HTMLElement;
  for (const script of body.querySelectorAll('script')) script.remove();
  return body.textContent.replace(/[ \t\n]+/g, ' ');
}

/** What the document says beside a label: `<dt>label</dt><dd>value</dd>`. */
const field = (doc: Document, label: string) =>
  [...doc.querySelectorAll('dt')].find((dt) => dt.textContent == label)?.nextElementSibling?.textContent;

describe('the consent id', () => {
  beforeEach(cleanOrigin);
  afterEach(() => setViewport({ width: 800, height: 600 }));

  it('is shown once a decision exists, short and full, with the access request and the contact; accessible', async () => {
    const f = await openUI();
    await f.win.temoin.ready;
    await openCenter(f);
    expect(section(f), 'no decision, no id').to.equal(null);
    await f.win.temoin.set({ analytics: true }, { method: 'preferences' });
    // Shown at once: the section follows decisions made while the center exists.
    const shown = await until(() => section(f), 'the consent id');
    const id = f.win.temoin.get()!.id;
    expect(id).to.match(/^[0-9a-f-]{36}$/);
    const codes = [...shown.querySelectorAll('code')].map((c) => c.textContent);
    expect(codes).to.deep.equal([id.slice(0, 8), id]);
    expect(shown.querySelector('h3')!.textContent).to.equal('Votre identifiant de consentement');
    expect(shown.textContent.replace(/\s+/g, ' ')).to.contain(
      'Pour une demande d’accès concernant votre consentement, transmettez cet identifiant complet à l’organisation responsable, Ville de Test.',
    );
    const contact = shown.querySelector<HTMLAnchorElement>('a')!;
    expect(contact.getAttribute('href')).to.equal('mailto:vie.privee@ville.test');
    expect(contact.parentElement!.textContent.replace(/[ \t\n]+/g, ' ').trim()).to.equal(
      'Coordonnées\u00a0: vie.privee@ville.test',
    );
    // Selectable as one piece of text, for a visitor who copies by hand.
    expect(getComputedStyle(shown.querySelector('.full')!).userSelect).to.equal('all');
    await expectAccessible(f, 'preference center with the consent id');
  });

  it('copies the full id, and selects it where the clipboard is refused', async () => {
    const f = await openUI();
    await f.win.temoin.ready;
    await f.win.temoin.rejectAll();
    await openCenter(f);
    const shown = await until(() => section(f), 'the consent id');
    const id = f.win.temoin.get()!.id;
    const status = shown.querySelector('[role="status"]')!;
    const clipboard = f.win.navigator.clipboard;
    let copied = '';
    clipboard.writeText = (text: string) => {
      copied = text;
      return Promise.resolve();
    };
    part(consentId(f), '[part="copy"]').click();
    await until(() => status.textContent.includes('Identifiant copié.'), 'the copy said');
    expect(copied).to.equal(id);

    clipboard.writeText = () => Promise.reject(new DOMException('denied', 'NotAllowedError'));
    part(consentId(f), '[part="copy"]').click();
    await until(() => status.textContent.includes('L’identifiant est sélectionné'), 'the selection said');
    expect(f.win.getSelection()!.toString()).to.equal(id);
  });

  it('wraps the full id on a 375-px phone, without scrolling sideways', async () => {
    await setViewport({ width: 375, height: 740 });
    const f = await openUI({ fullscreen: true });
    await f.win.temoin.ready;
    await f.win.temoin.acceptAll();
    await openCenter(f);
    const shown = await until(() => section(f), 'the consent id');
    const dialog = part(preferences(f), 'dialog');
    shown.scrollIntoView();
    const full = shown.querySelector('.full')!.getBoundingClientRect();
    expect(dialog.scrollWidth, 'no sideways scroll').to.be.at.most(dialog.clientWidth);
    expect(full.right).to.be.at.most(dialog.getBoundingClientRect().right);
    expect(full.height, 'the id wraps').to.be.greaterThan(30);
  });
});

describe('the downloaded receipt', () => {
  beforeEach(cleanOrigin);

  it('is a readable document in French with the collector’s acknowledgement, and no outbox fields', async () => {
    const { url } = (await (await fetch('/__collector/start?store=sqlite', { method: 'POST' })).json()) as {
      url: string;
    };
    try {
      // Sent while the collector is down: the record counts it unsent and the outbox its attempts,
      // which is what the old download showed beside the acknowledgement.
      await fetch('/__collector/down', { method: 'POST' });
      const f = await openUI({ config: { collector: url } });
      await f.win.temoin.ready;
      await f.win.temoin.set({ analytics: true });
      await until(async () => (await f.win.temoin.history())[0]?.receipt?.attempts, 'a failed attempt');
      await fetch('/__collector/up', { method: 'POST' });
      f.win.dispatchEvent(new Event('online'));
      const entry: HistoryEntry = await until(async () => {
        const e = (await f.win.temoin.history())[0];
        return e?.receipt?.ack ? e : null;
      }, 'the acknowledgement');
      expect(entry.unsent ?? entry.receipt!.attempts, 'the outbox kept its bookkeeping').to.be.greaterThan(0);
      await openCenter(f);
      const { name, text, doc } = await download(f);

      expect(name).to.match(/^temoin-\d{4}-\d{2}-\d{2}-[0-9a-f]{8}\.html$/);
      expect(name).to.contain(entry.receiptId!.slice(0, 8));
      expect(doc.documentElement.lang).to.equal('fr');
      expect(doc.title).to.equal('Reçu de consentement — Ville de Test');
      const body = seen(doc);
      // Québec's hours: 5 h 01, 17 h 32.
      const when = new Intl.DateTimeFormat('fr-CA', {
        day: 'numeric',
        month: 'long',
        year: 'numeric',
        hour: 'numeric',
        minute: '2-digit',
      }).format(entry.updatedAt);
      expect(when).to.match(/ à [1-9]\d? h \d{2}$/);
      expect(field(doc, 'Identifiant de consentement')).to.equal(entry.id);
      // With no-break spaces inside the hour (OQLF): « 5 » and « h 01 » never on two lines.
      expect(field(doc, 'Date de la décision')).to.equal(when.replace(/(\d) h (\d)/, '$1\u00a0h\u00a0$2'));
      expect(field(doc, 'Version de l’avis')).to.equal('1');
      expect(field(doc, 'Signature')).to.equal(entry.receipt!.ack!.signature);
      expect(field(doc, 'Rang au registre')).to.equal('1');
      expect(field(doc, 'Coordonnées')).to.equal('vie.privee@ville.test');
      expect(body)
        .to.contain('Mesure d’audience\u00a0: oui')
        .and.contain('Publicité\u00a0: non')
        .and.contain('Vidéos intégrées\u00a0: non')
        .and.contain('L’avis auquel vous avez répondu')
        .and.contain('Compter les visites')
        .and.contain('Reçu nº 1 au registre du site');
      // The notice as the visitor read it: the config's "Mesure d'audience", set in French.
      expect([...doc.querySelectorAll('h3')].map((h) => h.textContent)).to.include('Mesure d’audience');
      expect(body).not.to.contain("'");

      // Nothing runs, nothing loads from elsewhere; the one script element is data.
      expect([...doc.scripts].map((s) => [s.type, s.id])).to.deep.equal([['application/json', 'temoin-receipt']]);
      expect(doc.querySelector('meta[http-equiv="Content-Security-Policy"]')!.getAttribute('content')).to.contain(
        "default-src 'none'",
      );
      expect(doc.querySelectorAll('[src], link, iframe, object, [style]').length).to.equal(0);
      // The signed receipt and the acknowledgement, verbatim, for a later check; no outbox field.
      const exact = JSON.parse(doc.getElementById('temoin-receipt')!.textContent) as Record<string, unknown>;
      expect(exact).to.deep.equal({ receipt: entry.receipt!.receipt, acknowledgement: entry.receipt!.ack });
      for (const field of ['unsent', 'attempts', 'retryAt', 'notBefore', 'rejected'])
        expect(text, field).not.to.contain(`"${field}"`);
    } finally {
      await fetch('/__collector/stop', { method: 'POST' });
    }
  });

  it('is in any pack’s language, with a decision per service of a category granted in part', async () => {
    const config = (await (await fetch('/test/fixtures/config.json')).json()) as { categories: CategoryConfig[] };
    const tube = { id: 'tube', name: 'Tube', provider: 'Tube inc.', purpose: 'Vidéos', hostedOutsideQuebec: true };
    const categories = config.categories.map((c) => (c.id == 'media' ? { ...c, services: [...c.services!, tube] } : c));
    const f = await openUI({ lang: 'de-AT', config: { categories } });
    await f.win.temoin.ready;
    await f.win.temoin.set({ media: { video: true } }, { language: 'de' });
    await openCenter(f);
    const shown = await until(() => section(f), 'the consent id');
    expect(shown.querySelector('h3')!.textContent).to.equal('Ihre Einwilligungs-ID');
    expect(part(consentId(f), '[part="copy"]').textContent).to.equal('ID kopieren');
    const { doc } = await download(f);
    expect(doc.documentElement.lang).to.equal('de');
    expect(field(doc, 'Einwilligungs-ID')).to.equal(f.win.temoin.get()!.id);
    // The config's texts have no German: English, the next in line.
    expect(seen(doc))
      .to.contain('Embedded videos – Video: akzeptiert')
      .and.contain('Embedded videos – Tube: abgelehnt')
      .and.contain('Analytics: abgelehnt')
      .and.contain('Diese Website führt kein Register der Belege')
      .and.not.contain('Consent id');
  });

  it('is in English for a visitor reading English, and escapes what the config says', async () => {
    const f = await openUI({
      lang: 'en',
      config: {
        controller: { name: 'Town of <b>Test</b>', contact: 'privacy@town.test' },
        policyUrl: '/privacy?a=1&b=2',
      },
    });
    await f.win.temoin.ready;
    await f.win.temoin.set({ media: true }, { language: 'en' });
    await openCenter(f);
    const { doc, text } = await download(f);
    const entry = (await f.win.temoin.history())[0]!;
    expect(doc.documentElement.lang).to.equal('en');
    expect(doc.title).to.equal('Consent receipt — Town of <b>Test</b>');
    expect(doc.querySelector('b'), 'config text is text, not markup').to.equal(null);
    const when = new Intl.DateTimeFormat('en', { dateStyle: 'long', timeStyle: 'short' }).format(entry.updatedAt);
    expect(field(doc, 'Consent id')).to.equal(entry.id);
    expect(field(doc, 'Date of the decision')).to.equal(when);
    expect(seen(doc))
      .to.contain('Embedded videos: accepted')
      .and.contain('Analytics: refused')
      .and.contain('Global Privacy Control: No')
      .and.contain('This site keeps no register of receipts')
      .and.not.contain('Reçu');
    expect(doc.querySelector('a')!.getAttribute('href')).to.equal(`${location.origin}/privacy?a=1&b=2`);
    expect(text).not.to.contain('"unsent"');

    // Read as a page (without its policy, which would keep axe out): accessible, light and dark.
    const frame = document.createElement('iframe');
    frame.srcdoc = text.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '');
    const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
    document.body.append(frame);
    await loaded;
    const page = { frame, win: frame.contentWindow, doc: frame.contentDocument } as unknown as Fixture;
    expect(page.doc.title).to.equal('Consent receipt — Town of <b>Test</b>');
    await expectAccessible(page, 'the downloaded receipt');
    frame.remove();
  });
});
