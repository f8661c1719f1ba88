// The demo page's own script: buttons that call the API, what the stand-ins did, and the last
// Consent Mode state Témoin sent.
const list = document.getElementById('stand-ins');
const lang = document.documentElement.lang == 'en' ? 'en' : 'fr';
const labels = {
  fr: {
    stats: 'Mesure d’audience (script externe)',
    pixel: 'Pixel publicitaire (script et image)',
    video: 'Vidéo intégrée',
    map: 'Carte intégrée',
    ran: 'exécuté',
  },
  en: {
    stats: 'Analytics (external script)',
    pixel: 'Advertising pixel (script and image)',
    video: 'Embedded video',
    map: 'Embedded map',
    ran: 'ran',
  },
}[lang];

window.demoRan = (id) => {
  if (document.getElementById(`ran-${id}`)) return;
  if (list.dataset.empty !== 'no') list.replaceChildren();
  list.dataset.empty = 'no';
  const item = document.createElement('li');
  // French puts a no-break space before the colon, English none.
  const colon = document.documentElement.lang == 'fr' ? '\u00a0:' : ':';
  item.textContent = `${labels[id] ?? id}${colon} ${labels.ran}`;
  item.id = `ran-${id}`;
  list.append(item);
};
// Scripts that ran before this one left their names.
for (const id of window.demoRanQueue ?? []) window.demoRan(id);
// Embeds are on other hosts: they say so by message.
addEventListener('message', (event) => {
  if (/^http:\/\/(video|maps)\.localhost:/.test(event.origin) && typeof event.data?.demoRan == 'string')
    window.demoRan(event.data.demoRan);
});

const decision = document.getElementById('decision');
// A config text in the page's language, as Témoin picks it: the page's, else English, else any.
const localize = (text) => (typeof text == 'object' ? (text[lang] ?? text.en ?? Object.values(text)[0]) : text);
// What the visitor chose, in the config's own words (its categories' titles, `temoin.config`):
// each optional category granted or refused, and the services granted in one granted in part.
const said = (record) => {
  const categories = window.temoin.config?.categories ?? [];
  const choice = ([id, on]) => {
    const category = categories.find((c) => c.id == id);
    if (category?.required) return [];
    const title = category ? localize(category.title) : id;
    const some = (category?.services ?? []).filter((s) => record.services?.includes(s.id));
    if (on || !some.length) return [`${title} ${on ? '✓' : '✗'}`];
    return [`${title} (${some.map((s) => `${localize(s.name)} ✓`).join(', ')})`];
  };
  return Object.entries(record.choices).flatMap(choice).join(', ');
};
const show = (record) => {
  decision.textContent = record ? said(record) : decision.dataset.none;
};
document.querySelector('.buttons').addEventListener('click', (event) => {
  const action = event.target.closest('button')?.dataset.action;
  if (action === 'analytics')
    void window.temoin.set({ analytics: true, marketing: false, media: false }, { method: 'api' });
  else if (action) void window.temoin[action]();
});
window.temoin.on('change', show);
void window.temoin.ready.then(show);

// The last `consent` command in the dataLayer, shown as Consent Mode would read it.
const consentMode = document.getElementById('consent-mode');
const showConsentMode = () => {
  const last = [...window.dataLayer].reverse().find((entry) => entry[0] === 'consent');
  if (last)
    consentMode.textContent =
      `${last[1]}: ` +
      Object.entries(last[2])
        .filter(([k]) => k !== 'wait_for_update')
        .map(([k, v]) => `${k}=${v}`)
        .join(', ');
};
const push = window.dataLayer.push.bind(window.dataLayer);
window.dataLayer.push = (...entries) => {
  const n = push(...entries);
  showConsentMode();
  return n;
};
showConsentMode();
