// The scanner's words, in French and English: findings, the table, the HTML report, progress.
// French typography: a no-break space (U+00A0) before : ; ! ? and inside « ».
import type { FindingKind, Language, StateName } from './types.js';

const nb = '\u00a0';

export interface ScanStrings {
  kind: Record<FindingKind, string>;
  state(state: StateName): string;
  requestedBy: Record<'markup' | 'script' | 'frame' | 'other', string>;
  leakRequest(count: number, url: string, type: string, by: string, state: string): string;
  leakCookie(name: string, domain: string, days: string, state: string): string;
  fixDeclaredScript(category: string): string;
  fixDeclaredMarkup: string;
  fixDeclaredFrame(category: string): string;
  /** `element` loads the service (`script`, `iframe`, `img`…); `fixed`, its tag marked, when the page's HTML has it. */
  fixDeclaredCookie(service: string, category: string, element: string, fixed: string | null): string;
  /** `category`: the template's usual category when the config has it, else null and `categories` to choose from. */
  fixUndeclared(host: string, template: string | null, category: string | null, categories: string[]): string;
  fixUndeclaredCookie(name: string, template: string, category: string | null, categories: string[]): string;
  unmarked(tag: string): string;
  fixUnmarked(fixed: string): string;
  fixUnmarkedLink(element: string, category: string): string;
  undeclared(host: string, pages: number, template: string | null): string;
  lifetime(name: string, domain: string, days: string, declared: number): string;
  fixLifetime(service: string, name: string, days: number): string;
  unused(service: string, category: string, hosts: string): string;
  fixUnused(service: string): string;
  noBanner: string;
  fixNoBanner: string;
  noCmp: string;
  fixNoCmp: string;
  days(days: number | null): string;
  // Table and report.
  findings: string;
  noFindings: string;
  summary(pages: number, states: number, ms: number, findings: number): string;
  columns: { kind: string; page: string; state: string; where: string; evidence: string; fix: string };
  progress(done: number, total: number, page: string, state: string): string;
  title: string;
  intro(site: string): string;
  facts: {
    site: string;
    date: string;
    configHash: string;
    revision: string;
    version: string;
    browser: string;
    consentManager: string;
  };
  temoinFound: string;
  temoinMissing: string;
  configInvalid(error: string): string;
  banner: string;
  bannerDesktop: string;
  bannerPhone: string;
  bannerNone: string;
  cookies: string;
  cookiesIn(state: string): string;
  noCookies: string;
  cookieColumns: { name: string; domain: string; party: string; expires: string; service: string; pages: string };
  party: { first: string; third: string };
  pagesScanned: string;
  none: string;
  session: string;
}

/** Where to declare a service: the category the config has, else one of its own that fits, or a new one. */
const frCategory = (category: string | null, categories: string[]) =>
  category
    ? `dans la catégorie «${nb}${category}${nb}»`
    : categories.length
      ? `dans celle de vos catégories qui correspond à sa finalité (${categories.join(', ')}), ou dans une nouvelle`
      : 'dans une nouvelle catégorie, de sa finalité';
const enCategory = (category: string | null, categories: string[]) =>
  category
    ? `in the “${category}” category`
    : categories.length
      ? `in the one of your categories that fits its purpose (${categories.join(', ')}), or in a new one`
      : 'in a new category, for its purpose';

const fr: ScanStrings = {
  kind: {
    leak: 'Fuite',
    unmarked: 'Balisage non marqué',
    undeclared: 'Tiers non déclaré',
    'cookie-lifetime': 'Durée de témoin',
    unused: 'Service inutilisé',
    'no-banner': 'Pas de bannière',
    'no-cmp': 'Aucun gestionnaire de consentement',
  },
  state: (s) =>
    s == 'no-decision'
      ? 'avant tout choix'
      : s == 'reject-all'
        ? `après «${nb}Tout refuser${nb}»`
        : s == 'accept-all'
          ? `après «${nb}Tout accepter${nb}»`
          : `avec «${nb}${s.slice(5)}${nb}» seulement`,
  requestedBy: {
    markup: 'le balisage de la page',
    script: 'un script',
    frame: 'un cadre intégré',
    other: 'le navigateur',
  },
  leakRequest: (n, url, type, by, state) =>
    `${n > 1 ? `${n}${nb}requêtes, dont ` : ''}${url} (${type}, lancée par ${by}) ${state}`,
  leakCookie: (name, domain, days, state) => `témoin ${name} sur ${domain} (${days}) déposé ${state}`,
  fixDeclaredScript: (category) =>
    `Chargez le script qui fait cette requête avec <script type="text/plain" data-category="${category}">, pour qu’il ne s’exécute qu’après le consentement.`,
  fixDeclaredFrame: (category) =>
    `Un cadre intégré fait cette requête${nb}: écrivez-le <iframe data-category="${category}" data-src="…">, pour qu’il ne se charge qu’après le consentement.`,
  fixDeclaredMarkup: 'Marquez l’élément qui la charge (voir la constatation «\u00a0Balisage non marqué\u00a0»).',
  fixDeclaredCookie: (service, category, element, fixed) =>
    `Le service ${service} (${category}) dépose ce témoin sans consentement${nb}: ${
      fixed
        ? `écrivez à la place ${fixed}`
        : element == 'script'
          ? `chargez-le seulement après le consentement (<script type="text/plain" data-category="${category}">)`
          : `chargez-le seulement après le consentement (<${element} data-category="${category}" data-src="…">, data-src au lieu de src)`
    }.`,
  fixUndeclared: (host, template, category, categories) =>
    template
      ? `Déclarez le service dans la configuration${nb}: { "template": "${template}", "id": "${template}" } ${frCategory(category, categories)}. Témoin bloquera alors ${host} jusqu’au consentement.`
      : `Trouvez ce qui charge ${host}. S’il est indispensable au site, déclarez-le dans la catégorie obligatoire${nb}; sinon, dans la catégorie de sa finalité, avec "hosts": ["${host}"], pour que Témoin le bloque jusqu’au consentement.`,
  fixUndeclaredCookie: (name, template, category, categories) =>
    `${name} est le témoin d’un service connu (${template}) que la configuration ne déclare pas${nb}: ajoutez { "template": "${template}", "id": "${template}" } ${frCategory(category, categories)}, pour que Témoin bloque le script qui le dépose jusqu’au consentement.`,
  unmarked: (tag) =>
    `L’élément ${tag} du balisage de la page est téléchargé par le navigateur avant qu’aucun script ne puisse l’arrêter.`,
  fixUnmarked: (fixed) => `Écrivez à la place${nb}: ${fixed}`,
  fixUnmarkedLink: (element, category) =>
    `Retirez cet élément <${element}> et chargez la ressource depuis un script marqué <script type="text/plain" data-category="${category}">.`,
  undeclared: (host, pages, template) =>
    `${host} est chargé sur ${pages}${nb}page${pages > 1 ? 's' : ''} sans être déclaré${template ? ` (service connu${nb}: ${template})` : ''}.`,
  lifetime: (name, domain, days, declared) =>
    `Le témoin ${name} sur ${domain} vit ${days}, la configuration en déclare ${declared}.`,
  fixLifetime: (service, name, days) =>
    `Corrigez la durée déclarée de ${name} dans le service ${service} ("lifetime": ${days}), ou réglez le service pour qu’il dépose un témoin plus court.`,
  unused: (service, category, hosts) =>
    `Le service ${service} (${category}) n’a été vu sur aucune page analysée${hosts ? ` (hôtes${nb}: ${hosts})` : ''}.`,
  fixUnused: (service) =>
    `Si le site n’utilise plus ${service}, retirez-le de la configuration${nb}: la bannière ne doit nommer que ce qui sert. Sinon, analysez les pages qui l’utilisent (--url).`,
  noBanner: 'Témoin est présent, mais aucune bannière ne s’affiche à la première visite.',
  fixNoBanner:
    'Vérifiez que temoin-ui.js est publié à côté de temoin.js et que la console ne signale pas d’erreur de configuration.',
  noCmp: 'Aucun gestionnaire de consentement trouvé (window.temoin est absent).',
  fixNoCmp: `Ajoutez Témoin en premier dans <head>${nb}: <script src="/temoin/temoin.js" data-config="/temoin/config.json"></script>. Le fichier --suggest donne un brouillon de configuration.`,
  days: (d) =>
    d === null
      ? 'témoin de session'
      : `${d.toLocaleString('fr-CA', { maximumFractionDigits: 1 })}${nb}jour${d >= 2 ? 's' : ''}`,
  findings: 'Constatations',
  noFindings: 'Aucune constatation.',
  summary: (p, s, ms, f) =>
    `${p}${nb}page${p > 1 ? 's' : ''} × ${s}${nb}état${s > 1 ? 's' : ''} analysés en ${(ms / 1000).toLocaleString('fr-CA', { maximumFractionDigits: 1 })}${nb}s${nb}; ${f}${nb}constatation${f > 1 ? 's' : ''}.`,
  columns: {
    kind: 'type',
    page: 'page',
    state: 'état',
    where: 'hôte ou témoin',
    evidence: 'constat',
    fix: 'correction',
  },
  progress: (d, t, page, state) => `[${d}/${t}] ${page} (${state})`,
  title: 'Rapport d’analyse des témoins',
  intro: (site) =>
    `Ce rapport décrit ce que le site ${site} charge et dépose dans un navigateur, avant tout choix, après un refus et après un consentement.`,
  facts: {
    site: 'Site',
    date: 'Date',
    configHash: 'Empreinte de la configuration (SHA-256)',
    revision: 'Révision de la configuration',
    version: 'Version de Témoin',
    browser: 'Navigateur',
    consentManager: 'Gestionnaire de consentement',
  },
  temoinFound: 'Témoin',
  temoinMissing: 'aucun',
  configInvalid: (e) => `Témoin est présent, mais sa configuration n’est pas utilisable${nb}: ${e}`,
  banner: 'La bannière à la première visite',
  bannerDesktop: 'La bannière sur un ordinateur',
  bannerPhone: 'La bannière sur un téléphone',
  bannerNone: 'Aucune bannière n’a été vue.',
  cookies: 'Témoins par état',
  cookiesIn: (state) => `Témoins ${state}`,
  noCookies: 'Aucun témoin.',
  cookieColumns: {
    name: 'nom',
    domain: 'domaine',
    party: 'partie',
    expires: 'durée',
    service: 'service',
    pages: 'pages',
  },
  party: { first: 'première', third: 'tierce' },
  pagesScanned: 'Pages analysées',
  none: '–',
  session: 'session',
};

const en: ScanStrings = {
  kind: {
    leak: 'Leak',
    unmarked: 'Unmarked markup',
    undeclared: 'Undeclared third party',
    'cookie-lifetime': 'Cookie lifetime',
    unused: 'Unused service',
    'no-banner': 'No banner',
    'no-cmp': 'No consent manager',
  },
  state: (s) =>
    s == 'no-decision'
      ? 'before any choice'
      : s == 'reject-all'
        ? 'after “Reject all”'
        : s == 'accept-all'
          ? 'after “Accept all”'
          : `with “${s.slice(5)}” only`,
  requestedBy: { markup: 'the page’s markup', script: 'a script', frame: 'an embedded frame', other: 'the browser' },
  leakRequest: (n, url, type, by, state) =>
    `${n > 1 ? `${n} requests, such as ` : ''}${url} (${type}, started by ${by}) ${state}`,
  leakCookie: (name, domain, days, state) => `cookie ${name} on ${domain} (${days}) set ${state}`,
  fixDeclaredScript: (category) =>
    `Load the script that makes this request with <script type="text/plain" data-category="${category}">, so that it runs only after consent.`,
  fixDeclaredFrame: (category) =>
    `An embedded frame makes this request: write it <iframe data-category="${category}" data-src="…">, so that it loads only after consent.`,
  fixDeclaredMarkup: 'Mark the element that loads it (see the “Unmarked markup” finding).',
  fixDeclaredCookie: (service, category, element, fixed) =>
    `The service ${service} (${category}) sets this cookie without consent: ${
      fixed
        ? `write instead ${fixed}`
        : element == 'script'
          ? `load it only after consent (<script type="text/plain" data-category="${category}">)`
          : `load it only after consent (<${element} data-category="${category}" data-src="…">, data-src instead of src)`
    }.`,
  fixUndeclared: (host, template, category, categories) =>
    template
      ? `Declare the service in the config: { "template": "${template}", "id": "${template}" } ${enCategory(category, categories)}. Témoin then blocks ${host} until consent.`
      : `Find out what loads ${host}. If the site needs it to work, declare it in the required category; otherwise in the category of its purpose, with "hosts": ["${host}"], so that Témoin blocks it until consent.`,
  fixUndeclaredCookie: (name, template, category, categories) =>
    `${name} is the cookie of a known service (${template}) the config does not declare: add { "template": "${template}", "id": "${template}" } ${enCategory(category, categories)}, so that Témoin blocks the script that sets it until consent.`,
  unmarked: (tag) => `The element ${tag} of the page’s markup is fetched by the browser before any script can stop it.`,
  fixUnmarked: (fixed) => `Write instead: ${fixed}`,
  fixUnmarkedLink: (element, category) =>
    `Remove this <${element}> element and load the resource from a marked <script type="text/plain" data-category="${category}">.`,
  undeclared: (host, pages, template) =>
    `${host} loads on ${pages} page${pages > 1 ? 's' : ''} without being declared${template ? ` (a known service: ${template})` : ''}.`,
  lifetime: (name, domain, days, declared) =>
    `The cookie ${name} on ${domain} lives ${days}; the config declares ${declared}.`,
  fixLifetime: (service, name, days) =>
    `Correct the declared lifetime of ${name} in the service ${service} ("lifetime": ${days}), or set the service up to store a shorter cookie.`,
  unused: (service, category, hosts) =>
    `The service ${service} (${category}) was not seen on any page scanned${hosts ? ` (hosts: ${hosts})` : ''}.`,
  fixUnused: (service) =>
    `If the site no longer uses ${service}, remove it from the config: the banner should name only what is used. Otherwise scan the pages that use it (--url).`,
  noBanner: 'Témoin is there, but no banner shows on a first visit.',
  fixNoBanner: 'Check that temoin-ui.js is published beside temoin.js, and that the console reports no config error.',
  noCmp: 'No consent manager found (window.temoin is missing).',
  fixNoCmp:
    'Put Témoin first in <head>: <script src="/temoin/temoin.js" data-config="/temoin/config.json"></script>. The --suggest file gives a draft config.',
  days: (d) =>
    d === null
      ? 'session cookie'
      : `${d.toLocaleString('en-CA', { maximumFractionDigits: 1 })} day${d == 1 ? '' : 's'}`,
  findings: 'Findings',
  noFindings: 'No findings.',
  summary: (p, s, ms, f) =>
    `${p} page${p > 1 ? 's' : ''} × ${s} state${s > 1 ? 's' : ''} scanned in ${(ms / 1000).toLocaleString('en-CA', { maximumFractionDigits: 1 })} s; ${f} finding${f == 1 ? '' : 's'}.`,
  columns: { kind: 'kind', page: 'page', state: 'state', where: 'host or cookie', evidence: 'evidence', fix: 'fix' },
  progress: (d, t, page, state) => `[${d}/${t}] ${page} (${state})`,
  title: 'Cookie scan report',
  intro: (site) =>
    `This report describes what ${site} loads and stores in a browser: before any choice, after a refusal and after consent.`,
  facts: {
    site: 'Site',
    date: 'Date',
    configHash: 'Config fingerprint (SHA-256)',
    revision: 'Config revision',
    version: 'Témoin version',
    browser: 'Browser',
    consentManager: 'Consent manager',
  },
  temoinFound: 'Témoin',
  temoinMissing: 'none',
  configInvalid: (e) => `Témoin is there, but its config cannot be used: ${e}`,
  banner: 'The banner on a first visit',
  bannerDesktop: 'The banner on a desktop',
  bannerPhone: 'The banner on a phone',
  bannerNone: 'No banner was seen.',
  cookies: 'Cookies per state',
  cookiesIn: (state) => `Cookies ${state}`,
  noCookies: 'No cookies.',
  cookieColumns: {
    name: 'name',
    domain: 'domain',
    party: 'party',
    expires: 'lifetime',
    service: 'service',
    pages: 'pages',
  },
  party: { first: 'first', third: 'third' },
  pagesScanned: 'Pages scanned',
  none: '–',
  session: 'session',
};

export const strings = (lang: Language): ScanStrings => (lang == 'fr' ? fr : en);
