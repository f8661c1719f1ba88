// The demo page's own script: buttons that call the API, what the stand-ins did, and the last
// Consent Mode state Témoin sent.
const list = document.getElementById('stand-ins');
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
}[document.documentElement.lang == 'en' ? 'en' : 'fr'];

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
const show = (record) => {
  decision.textContent = record
    ? Object.entries(record.choices)
        .map(([id, on]) => `${id} ${on ? '✓' : '✗'}`)
        .join(', ')
    : decision.dataset.none;
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
