// Dutch strings of the preference center and what opens from it, key for key with fr.ts.
import type { DetailStrings } from './fr.js';

export const nl: DetailStrings = {
  preferencesTitle: 'Cookie-instellingen',
  preferencesText:
    'Kies voor elk doel of u toestemming geeft. Optionele doelen blijven uitgeschakeld totdat u ze inschakelt.',
  close: 'Sluiten',
  save: 'Mijn keuzes opslaan',
  saved: 'Uw keuzes zijn opgeslagen.',
  alwaysOn: 'Altijd actief: nodig voor de werking van de website, dit doel kan niet worden uitgeschakeld.',
  gpcRefused:
    'Uw browser verstuurt het signaal Global Privacy Control: dit doel wordt geweigerd, tenzij u het zelf inschakelt.',
  services: 'Diensten ({count})',
  provider: 'Aanbieder',
  purpose: 'Doel',
  data: 'Verzamelde gegevens',
  cookies: 'Cookies en pixels',
  retention: 'Bewaartermijn',
  hosting: 'Waar de gegevens worden opgeslagen',
  outsideQuebec: 'Buiten Québec',
  inQuebec: 'In Québec',
  thirdParties: 'Gedeeld met derden',
  yes: 'Ja',
  no: 'Nee',
  providerPolicy: 'Privacyverklaring van de aanbieder',
  session: 'einde van de sessie',
  history: 'Mijn toestemmingsgeschiedenis',
  historyEmpty: 'Op dit apparaat is geen beslissing vastgelegd.',
  historyEntry: '{date}, versie {revision}',
  granted: 'geaccepteerd',
  refused: 'geweigerd',
  download: 'Bewijs downloaden',
  receiptTitle: 'Toestemmingsbewijs',
  receiptKept: 'Bewijs nr. {seq} in het register van de website',
  receiptWaiting: 'Bewijs wacht op verzending naar het register van de website',
  receiptRefused: 'Bewijs geweigerd door het register van de website: het blijft op dit apparaat',
  choice: '{category}: {choice}',
};
