// German strings of the preference center and what opens from it, key for key with fr.ts.
import type { DetailStrings } from './fr.js';

export const de: DetailStrings = {
  preferencesTitle: 'Cookie-Einstellungen',
  preferencesText:
    'Wählen Sie für jeden Zweck, ob Sie einwilligen. Optionale Zwecke bleiben deaktiviert, bis Sie sie aktivieren.',
  close: 'Schließen',
  save: 'Auswahl speichern',
  saved: 'Ihre Auswahl wurde gespeichert.',
  alwaysOn: 'Immer aktiv: Dieser Zweck ist für den Betrieb der Website erforderlich und kann nicht deaktiviert werden.',
  gpcRefused:
    'Ihr Browser sendet das Signal Global Privacy Control: Dieser Zweck wird abgelehnt, es sei denn, Sie aktivieren ihn selbst.',
  services: 'Dienste ({count})',
  provider: 'Anbieter',
  purpose: 'Zweck',
  data: 'Erhobene Daten',
  cookies: 'Cookies und Pixel',
  retention: 'Speicherdauer',
  hosting: 'Speicherort der Daten',
  outsideQuebec: 'Außerhalb von Québec',
  inQuebec: 'In Québec',
  thirdParties: 'Weitergabe an Dritte',
  yes: 'Ja',
  no: 'Nein',
  providerPolicy: 'Datenschutzerklärung des Anbieters',
  session: 'Ende der Sitzung',
  history: 'Mein Einwilligungsverlauf',
  historyEmpty: 'Auf diesem Gerät ist keine Entscheidung gespeichert.',
  historyEntry: '{date}, Version {revision}',
  granted: 'akzeptiert',
  refused: 'abgelehnt',
  download: 'Beleg herunterladen',
  receiptTitle: 'Einwilligungsbeleg',
  receiptKept: 'Beleg Nr. {seq} im Register der Website',
  receiptWaiting: 'Beleg wartet auf die Übermittlung an das Register der Website',
  receiptRefused: 'Beleg vom Register der Website abgelehnt: Er bleibt auf diesem Gerät',
  choice: '{category}: {choice}',
};
