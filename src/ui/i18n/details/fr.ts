// French strings of the preference center and what opens from it (history, receipts), key for
// key in each language: a chunk per language, loaded with the preference center, so a first visit's
// pack (../fr.ts) holds only what the banner and placeholders say. Typography as in ../fr.ts.

export const fr = {
  preferencesTitle: 'Paramètres des témoins',
  preferencesText:
    'Pour chaque usage, choisissez si vous y consentez. Les usages facultatifs restent désactivés tant que vous ne les activez pas.',
  close: 'Fermer',
  save: 'Enregistrer mes choix',
  alwaysOn: 'Toujours actif : nécessaire au fonctionnement du site, cet usage ne peut pas être désactivé.',
  gpcRefused:
    'Votre navigateur envoie le signal Global Privacy Control : cet usage est refusé, sauf si vous l’activez vous-même.',
  services: 'Services ({count})',
  // Beside the switch of a category the visitor allowed in part: 1 to total − 1, total at least 2.
  someServices: 'Services acceptés : {count} sur {total}',
  provider: 'Fournisseur',
  purpose: 'Finalité',
  data: 'Données recueillies',
  cookies: 'Témoins et pixels',
  retention: 'Conservation des données',
  hosting: 'Lieu d’hébergement',
  outsideQuebec: 'À l’extérieur du Québec',
  inQuebec: 'Au Québec',
  thirdParties: 'Communication à des tiers',
  yes: 'Oui',
  no: 'Non',
  providerPolicy: 'Politique de confidentialité du fournisseur',
  session: 'fin de la session',
  history: 'Mon historique de consentement',
  historyEmpty: 'Aucune décision n’est enregistrée sur cet appareil.',
  historyEntry: '{date}, version {revision}',
  // After a category's title (« Mesure d’audience : oui »), a word that agrees with none: any
  // title reads right, feminine or plural (no « Strictement nécessaires : accepté »).
  granted: 'oui',
  refused: 'non',
  download: 'Télécharger le reçu',
  receiptTitle: 'Reçu de consentement',
  receiptKept: 'Reçu nº {seq} au registre du site',
  receiptWaiting: 'Reçu en attente d’envoi au registre du site',
  receiptRefused: 'Reçu refusé par le registre du site : il reste sur cet appareil',
  choice: '{category} : {choice}',
  // Témoin's own cookie (services.ts, `ownFacts`): what it holds (IndexedDB keeps the same, and the
  // history), how long, where. Only with a collector: the receipt, the receipts waiting (appended to
  // ownData) and where the receipts are kept (ownHosting's place).
  ownPurpose: 'Retenir vos choix et en garder la preuve.',
  ownReceipt: 'Un reçu de chaque choix est conservé par {controller}.',
  ownData:
    'vos choix par catégorie et par service, la version de l’avis auquel ils répondent, leur date et leur échéance, la langue de l’interface et l’endroit où vous les avez faits, si votre navigateur envoyait le signal Global Privacy Control, ainsi qu’un identifiant de consentement et un identifiant de reçu tirés au hasard',
  ownDataUnsent: ', et le nombre de reçus qui attendent d’être envoyés',
  ownRetention: '{duration}, puis vos choix vous sont redemandés ; leur historique reste sur cet appareil',
  ownHosting: 'Dans votre navigateur, pour ce site',
  ownHostingReceipts: 'Dans votre navigateur, pour ce site ; les reçus aussi au registre de {controller}',
};

export type DetailStrings = typeof fr;
