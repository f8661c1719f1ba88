// French interface text: what the banner and placeholders say (the preference center's words are
// in details/fr.ts, a chunk of their own). `{name}` marks a value filled in at display time. The spaces before
// « : » and « ; ! ? » and inside « » are no-break spaces (U+00A0, U+202F), apostrophes are ’.

export const fr = {
  bannerTitle: 'Vos choix en matière de témoins',
  bannerText:
    'Avec votre accord, pour {purposes}, nous recueillons des renseignements sur {data}.{outside} Vous pouvez changer d’avis en tout temps.',
  bannerOutside: 'Certains de ces renseignements peuvent être communiqués à l’extérieur du Québec.',
  policyLink: 'Politique de confidentialité',
  acceptAll: 'Tout accepter',
  rejectAll: 'Tout refuser',
  customize: 'Personnaliser',
  closeBanner: 'Fermer sans choisir',
  placeholder: 'Ce contenu de {service} est bloqué : il a besoin de votre accord pour « {category} ».',
  placeholderData: 'S’il est chargé, il pourrait recueillir des renseignements sur {data}.',
  loadOnce: 'Charger cette fois',
  alwaysAllow: 'Toujours autoriser « {category} »',
  manage: 'Gérer mes témoins',
  // Said once a choice is saved from the banner or the preference center (../saved-status.ts).
  saved: 'Vos choix sont enregistrés.',
  'data.ip-address': 'votre adresse IP',
  'data.location': 'votre position approximative',
  'data.precise-location': 'votre position précise',
  'data.device': 'des détails sur votre appareil',
  'data.browser': 'des détails sur votre navigateur',
  'data.pages-viewed': 'les pages que vous consultez',
  'data.interactions': 'vos interactions avec les pages',
  'data.identifier': 'un identifiant qui vous distingue',
  'data.cross-site-activity': 'votre activité sur d’autres sites',
  'data.contact-details': 'vos coordonnées',
  'data.content-preferences': 'vos préférences de contenu',
  and: 'et',
  // What the banner says is collected, in groups: « des renseignements sur votre appareil et ce que
  // vous consultez ». Each reads after « sur ».
  'group.device': 'votre appareil',
  'group.viewing': 'ce que vous consultez',
  'group.location': 'votre position approximative',
  'group.precise-location': 'votre position précise',
  'group.activity': 'votre activité sur d’autres sites',
  'group.visits': 'vos visites',
  'group.contact': 'vos coordonnées',
  'group.preferences': 'vos préférences',
  dataFallback: 'votre visite',
  // Why, each after « pour ».
  'purpose.measure': 'la mesure d’audience',
  'purpose.ads': 'la publicité',
  'purpose.media': 'les contenus intégrés',
  'purpose.personalization': 'la personnalisation',
  'purpose.features': 'des fonctions facultatives',
  'purpose.other': 'l’usage « {title} »',
  purposesMore: 'd’autres usages',
};

/** What the banner and the placeholders say: the pack a first visit downloads. */
export type Strings = typeof fr;
