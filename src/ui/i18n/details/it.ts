// Italian strings of the preference center and what opens from it, key for key with fr.ts.
import type { DetailStrings } from './fr.js';

export const it: DetailStrings = {
  preferencesTitle: 'Impostazioni dei cookie',
  preferencesText:
    'Per ogni utilizzo, scegli se dare il tuo consenso. Gli utilizzi facoltativi restano disattivati finché non li attivi.',
  close: 'Chiudi',
  save: 'Salva le mie scelte',
  saved: 'Le tue scelte sono state salvate.',
  alwaysOn: 'Sempre attivo: necessario al funzionamento del sito, questo utilizzo non può essere disattivato.',
  gpcRefused:
    'Il tuo browser invia il segnale Global Privacy Control: questo utilizzo è rifiutato, a meno che non sia tu ad attivarlo.',
  services: 'Servizi ({count})',
  provider: 'Fornitore',
  purpose: 'Finalità',
  data: 'Dati raccolti',
  cookies: 'Cookie e pixel',
  retention: 'Conservazione dei dati',
  hosting: 'Dove sono ospitati i dati',
  outsideQuebec: 'Fuori dal Québec',
  inQuebec: 'Nel Québec',
  thirdParties: 'Condivisi con terzi',
  yes: 'Sì',
  no: 'No',
  providerPolicy: 'Informativa sulla privacy del fornitore',
  session: 'fine della sessione',
  history: 'La mia cronologia dei consensi',
  historyEmpty: 'Nessuna decisione è registrata su questo dispositivo.',
  historyEntry: '{date}, versione {revision}',
  granted: 'accettato',
  refused: 'rifiutato',
  download: 'Scarica la ricevuta',
  receiptTitle: 'Ricevuta di consenso',
  receiptKept: 'Ricevuta n. {seq} nel registro del sito',
  receiptWaiting: 'Ricevuta in attesa di invio al registro del sito',
  receiptRefused: 'Ricevuta rifiutata dal registro del sito: resta su questo dispositivo',
  choice: '{category}: {choice}',
};
