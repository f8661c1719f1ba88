// The demo page's own script: buttons that call the API, and a list of the stand-ins that ran.
const list = document.getElementById('stand-ins');
window.demoRan = (id, label) => {
  if (list.dataset.empty !== 'no') list.replaceChildren();
  list.dataset.empty = 'no';
  const item = document.createElement('li');
  item.textContent = `${label} : exécuté`;
  item.id = `ran-${id}`;
  list.append(item);
};
const show = (record) => {
  document.getElementById('decision').textContent = record
    ? Object.entries(record.choices).map(([id, on]) => `${id} ${on ? '✓' : '✗'}`).join(', ')
    : 'aucune';
};
document.querySelector('.buttons').addEventListener('click', (event) => {
  const action = event.target.closest('button')?.dataset.action;
  if (action === 'analytics') void window.temoin.set({ analytics: true, marketing: false, media: false });
  else if (action) void window.temoin[action]();
});
window.temoin.on('change', show);
void window.temoin.ready.then(show);
