// The demo's pages, in French and English, from one template: the same markup a city would use.
const text = {
  fr: {
    title: 'Ville de Démo',
    tagline: 'Site municipal de démonstration de Témoin.',
    other: 'English',
    otherHref: '/demo/en.html',
    choices: 'Vos choix',
    choicesText:
      'La bannière s’affiche à la première visite. Ces boutons appellent aussi l’API <code>window.temoin</code>.',
    acceptAll: 'Tout accepter',
    rejectAll: 'Tout refuser',
    analyticsOnly: 'Mesure d’audience seulement',
    reset: 'Oublier mon choix',
    decision: 'Décision en vigueur',
    none: 'aucune',
    ran: 'Ce qui s’est exécuté',
    nothing: 'Rien pour l’instant : tout attend votre accord.',
    consentMode: 'Google Consent Mode (dernier état envoyé)',
    video: 'Conseil municipal en vidéo',
    map: 'Trouver l’hôtel de ville',
    manage: 'Gérer mes témoins',
    privacy: 'Politique de confidentialité',
    privacyHref: '/demo/confidentialite.html',
  },
  en: {
    title: 'Demo City',
    tagline: 'Témoin’s demonstration city site.',
    other: 'Français',
    otherHref: '/',
    choices: 'Your choices',
    choicesText: 'The banner shows on the first visit. These buttons also call the <code>window.temoin</code> API.',
    acceptAll: 'Accept all',
    rejectAll: 'Reject all',
    analyticsOnly: 'Analytics only',
    reset: 'Forget my choice',
    decision: 'Decision in force',
    none: 'none',
    ran: 'What ran',
    nothing: 'Nothing yet: everything waits for your consent.',
    consentMode: 'Google Consent Mode (last state sent)',
    video: 'City council on video',
    map: 'Find city hall',
    manage: 'Manage cookies',
    privacy: 'Privacy policy',
    privacyHref: '/demo/privacy.html',
  },
};

export function page(lang, port) {
  const t = text[lang];
  const standIn = (host, path) => `http://${host}.localhost:${port}/stand-in/${path}`;
  return `<!doctype html>
<html lang="${lang}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <!-- Témoin first in <head>: nothing below runs before it knows what is allowed. -->
  <script src="/dist/temoin.js" data-config="/demo/temoin.config.json"></script>
  <title>${t.title}</title>
  <link rel="stylesheet" href="/demo/demo.css">
  <!-- Google Consent Mode: Témoin sends the default (all denied) and every update to this dataLayer. -->
  <script src="/demo/gtag.js"></script>
  <!-- Analytics (Matomo-style), an external script: it runs once analytics is granted. -->
  <script type="text/plain" data-category="analytics" data-service="stats" src="${standIn('stats', 'matomo.js')}"></script>
  <!-- A Meta-style pixel snippet: inline code that loads a script and a pixel of its own. -->
  <script type="text/plain" data-category="marketing" data-service="pixel" data-pixel-src="${standIn('pixel', 'fbevents.js')}" src="/demo/pixel-snippet.js"></script>
</head>
<body>
  <header>
    <h1>${t.title}</h1>
    <p>${t.tagline} <a href="${t.otherHref}" lang="${lang == 'fr' ? 'en' : 'fr'}">${t.other}</a></p>
  </header>
  <main>
    <section aria-labelledby="choices">
      <h2 id="choices">${t.choices}</h2>
      <p>${t.choicesText}</p>
      <p class="buttons">
        <button type="button" data-action="acceptAll">${t.acceptAll}</button>
        <button type="button" data-action="rejectAll">${t.rejectAll}</button>
        <button type="button" data-action="analytics">${t.analyticsOnly}</button>
        <button type="button" data-action="reset">${t.reset}</button>
      </p>
      <p>${t.decision}${lang == 'fr' ? '&nbsp;:' : ':'} <output id="decision" data-none="${t.none}">${t.none}</output></p>
    </section>
    <section aria-labelledby="ran">
      <h2 id="ran">${t.ran}</h2>
      <ul id="stand-ins"><li>${t.nothing}</li></ul>
      <h3>${t.consentMode}</h3>
      <p><output id="consent-mode">–</output></p>
    </section>
    <section aria-labelledby="video">
      <h2 id="video">${t.video}</h2>
      <iframe title="${t.video}" width="480" height="270" data-category="media" data-service="video"
        data-src="${standIn('video', `embed.html?lang=${lang}`)}"></iframe>
    </section>
    <section aria-labelledby="map">
      <h2 id="map">${t.map}</h2>
      <iframe title="${t.map}" width="480" height="270" data-category="media" data-service="map"
        data-src="${standIn('maps', `embed.html?lang=${lang}`)}"></iframe>
    </section>
  </main>
  <footer>
    <p><a href="#" data-temoin-open>${t.manage}</a> · <a href="${t.privacyHref}">${t.privacy}</a></p>
  </footer>
  <script src="/demo/demo.js"></script>
</body>
</html>
`;
}

export function privacyPage(lang) {
  const fr = lang == 'fr';
  return `<!doctype html>
<html lang="${lang}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <script src="/dist/temoin.js" data-config="/demo/temoin.config.json"></script>
  <title>${fr ? 'Politique de confidentialité — Ville de Démo' : 'Privacy policy — Demo City'}</title>
  <link rel="stylesheet" href="/demo/demo.css">
</head>
<body>
  <header><h1>${fr ? 'Politique de confidentialité' : 'Privacy policy'}</h1>
    <p><a href="${fr ? '/' : '/demo/en.html'}">${fr ? 'Retour à l’accueil' : 'Back to the home page'}</a></p></header>
  <main>
    <p>${
      fr
        ? 'La Ville de Démo n’utilise des témoins et des pixels de mesure, de publicité ou de contenu intégré qu’avec votre consentement, donné par catégorie. Ils sont désactivés par défaut. Chaque décision produit un reçu de consentement que la Ville conserve 2 ans.'
        : 'Demo City uses measurement, advertising and embedded-content cookies and pixels only with your consent, given per category. They are off by default. Each decision produces a consent receipt the City keeps for 2 years.'
    }</p>
    <p>${fr ? 'Responsable : ' : 'Person in charge: '}vie.privee@ville-de-demo.example</p>
    <p><a href="#" data-temoin-open>${fr ? 'Voir le détail des services et changer d’avis' : 'See each service and change your mind'}</a></p>
    <h2>${fr ? 'Les témoins et les services de ce site' : 'The cookies and services of this site'}</h2>
    <temoin-declaration></temoin-declaration>
  </main>
</body>
</html>
`;
}
