// Ready definitions of the services sites actually use: hosts, cookies with lifetimes, what they
// collect, why, by whom, where. A config names one with `{ "template": "youtube", "id": "videos" }`
// and may override any field. Facts as the providers document them (November 2026); a site
// should still read them against its own set-up (retention settings, self-hosting).
import type { ServiceConfig } from '../core/config.js';

export type Template = Omit<ServiceConfig, 'id'> & {
  /** The category it usually belongs in, for the documentation. */
  kind: 'analytics' | 'marketing' | 'media' | 'functional' | 'security';
};

const GOOGLE_PRIVACY = 'https://policies.google.com/privacy';
const twoYears = 730;
const session = 0;
const minutes = (n: number) => ({ fr: `${n} minutes`, en: `${n} minutes` });
const HUBSPOT_PRIVACY = 'https://legal.hubspot.com/privacy-policy';
const HUBSPOT_RETENTION = {
  fr: 'Tant que le site garde le contact dans HubSpot',
  en: 'As long as the site keeps the contact in HubSpot',
};

export const TEMPLATES: Record<string, Template> = {
  'google-analytics-4': {
    kind: 'analytics',
    name: 'Google Analytics 4',
    provider: 'Google LLC',
    purpose: {
      fr: 'Mesurer l’audience du site et la façon dont il est utilisé.',
      en: 'Measure the site’s audience and how it is used.',
    },
    data: ['ip-address', 'location', 'device', 'browser', 'pages-viewed', 'interactions', 'identifier'],
    // gtag.js is served under /gtag/ on Google Tag Manager's host: that path is GA4's alone (the
    // entry naming a URL's path most closely decides), so GA4 granted without GTM still loads.
    // Google signals' audiences are collected on www.google.com, and its hits on DoubleClick's
    // host; gtag.js also sends GA4's hits to www.google.com/g/collect. Sources: Cloudflare's GA4
    // component (github.com/managed-components/google-analytics-4, src/index.ts: ga-audiences and
    // stats.g.doubleclick.net/g/collect), Nuxt Scripts' GA proxy (github.com/nuxt/scripts,
    // src/proxy-configs.ts: www.google.com/g/collect, stats.g.doubleclick.net/g/collect), and
    // Google's CSP guide for GA4 with Google signals (*.g.doubleclick.net, *.google.com).
    hosts: [
      'google-analytics.com',
      'analytics.google.com',
      'googletagmanager.com',
      'googletagmanager.com/gtag',
      'www.google.com/ads/ga-audiences',
      'www.google.com/g/collect',
      'stats.g.doubleclick.net/g/collect',
    ],
    cookies: [
      { name: '_ga', lifetime: twoYears, description: { fr: 'Distingue les visiteurs.', en: 'Tells visitors apart.' } },
      {
        name: '_ga_*',
        lifetime: twoYears,
        description: { fr: 'Garde l’état de la session.', en: 'Keeps the session state.' },
      },
    ],
    retention: {
      fr: '2 à 14 mois, selon le réglage du compte',
      en: '2 to 14 months, depending on the account setting',
    },
    hostedOutsideQuebec: true,
    thirdParty: false,
    privacyUrl: GOOGLE_PRIVACY,
  },
  'google-tag-manager': {
    kind: 'analytics',
    name: 'Google Tag Manager',
    provider: 'Google LLC',
    purpose: {
      fr: 'Charger les outils de mesure et de publicité choisis par le site.',
      en: 'Load the measurement and advertising tools the site chose.',
    },
    data: ['ip-address', 'browser'],
    // The container (gtm.js) and its noscript frame (ns.html) are the tag manager's alone: granted
    // without GA4, the container loads, and the GA4 tags it holds wait for GA4 (under /gtag/).
    hosts: ['googletagmanager.com', 'googletagmanager.com/gtm.js', 'googletagmanager.com/ns.html'],
    cookies: [],
    retention: { fr: 'Journaux de requêtes conservés par Google', en: 'Request logs kept by Google' },
    hostedOutsideQuebec: true,
    thirdParty: false,
    privacyUrl: GOOGLE_PRIVACY,
  },
  'google-ads': {
    kind: 'marketing',
    name: 'Google Ads',
    provider: 'Google LLC',
    purpose: {
      fr: 'Mesurer l’effet des annonces et montrer des annonces ciblées.',
      en: 'Measure the effect of ads and show targeted ads.',
    },
    data: ['ip-address', 'identifier', 'cross-site-activity', 'pages-viewed', 'interactions', 'device'],
    // Its conversion and audience pings on Google's search host (the visitor's country's too), and
    // the Google tag's conversion hits for an AW- or DC- id (/ccm/collect, enhanced conversions' /ccm/form-data).
    // Google signals' hits, which GA4's template names too: declared by both, they wait for both
    // (signals feed Google's ads), and for the one alone a config declares.
    hosts: [
      'googleadservices.com',
      'doubleclick.net',
      'stats.g.doubleclick.net/g/collect',
      'googlesyndication.com',
      'www.google.com/pagead',
      'www.google.ca/pagead',
      'www.google.com/ccm',
      'www.google.ca/ccm',
    ],
    cookies: [
      {
        name: '_gcl_au',
        lifetime: 90,
        description: { fr: 'Relie une visite à un clic sur une annonce.', en: 'Links a visit to an ad click.' },
      },
      { name: '_gcl_aw', lifetime: 90 },
      { name: 'IDE', domain: 'doubleclick.net', lifetime: 390 },
    ],
    retention: { fr: 'Jusqu’à 540 jours', en: 'Up to 540 days' },
    hostedOutsideQuebec: true,
    thirdParty: true,
    privacyUrl: GOOGLE_PRIVACY,
  },
  'meta-pixel': {
    kind: 'marketing',
    name: { fr: 'Pixel Meta', en: 'Meta Pixel' },
    provider: 'Meta Platforms, Inc.',
    purpose: {
      fr: 'Mesurer les campagnes sur Facebook et Instagram et y cibler des annonces.',
      en: 'Measure campaigns on Facebook and Instagram and target ads there.',
    },
    data: ['ip-address', 'identifier', 'cross-site-activity', 'pages-viewed', 'interactions', 'device', 'browser'],
    hosts: ['connect.facebook.net', 'facebook.com'],
    cookies: [
      {
        name: '_fbp',
        lifetime: 90,
        description: {
          fr: 'Identifie le navigateur pour la publicité.',
          en: 'Identifies the browser for advertising.',
        },
      },
      {
        name: '_fbc',
        lifetime: 90,
        description: { fr: 'Garde le dernier clic sur une annonce.', en: 'Keeps the last ad click.' },
      },
      { name: 'fr', domain: 'facebook.com', lifetime: 90 },
    ],
    retention: { fr: 'Jusqu’à 2 ans', en: 'Up to 2 years' },
    hostedOutsideQuebec: true,
    thirdParty: true,
    privacyUrl: 'https://www.facebook.com/privacy/policy/',
  },
  matomo: {
    kind: 'analytics',
    name: 'Matomo',
    provider: 'InnoCraft Ltd (Matomo Cloud)',
    purpose: { fr: 'Mesurer l’audience du site.', en: 'Measure the site’s audience.' },
    data: ['ip-address', 'device', 'browser', 'pages-viewed', 'interactions', 'identifier'],
    // Matomo Cloud; a self-hosted Matomo overrides `hosts`, `provider` and `hostedOutsideQuebec`.
    hosts: ['matomo.cloud'],
    cookies: [
      { name: '_pk_id.*', lifetime: 395, description: { fr: 'Distingue les visiteurs.', en: 'Tells visitors apart.' } },
      {
        name: '_pk_ses.*',
        lifetime: minutes(30),
        description: { fr: 'Garde la visite en cours.', en: 'Keeps the current visit.' },
      },
    ],
    retention: {
      fr: 'Selon le réglage du site (par défaut, sans limite)',
      en: 'As the site sets it (by default, no limit)',
    },
    hostedOutsideQuebec: true,
    thirdParty: false,
    privacyUrl: 'https://matomo.org/privacy-policy/',
  },
  hotjar: {
    kind: 'analytics',
    name: 'Hotjar',
    provider: 'Hotjar Ltd',
    purpose: {
      fr: 'Comprendre comment les pages sont utilisées (cartes de clics, enregistrements de sessions).',
      en: 'Understand how pages are used (heatmaps, session recordings).',
    },
    data: ['ip-address', 'location', 'device', 'browser', 'pages-viewed', 'interactions', 'identifier'],
    hosts: ['hotjar.com', 'hotjar.io'],
    cookies: [
      {
        name: '_hjSessionUser_*',
        lifetime: 365,
        description: { fr: 'Distingue les visiteurs.', en: 'Tells visitors apart.' },
      },
      { name: '_hjSession_*', lifetime: minutes(30) },
    ],
    retention: 365,
    hostedOutsideQuebec: true,
    thirdParty: false,
    privacyUrl: 'https://www.hotjar.com/legal/policies/privacy/',
  },
  'microsoft-clarity': {
    kind: 'analytics',
    name: 'Microsoft Clarity',
    provider: 'Microsoft Corporation',
    purpose: {
      fr: 'Comprendre comment les pages sont utilisées (cartes de clics, enregistrements de sessions).',
      en: 'Understand how pages are used (heatmaps, session recordings).',
    },
    data: ['ip-address', 'device', 'browser', 'pages-viewed', 'interactions', 'identifier'],
    hosts: ['clarity.ms', 'c.bing.com'],
    cookies: [
      { name: '_clck', lifetime: 365, description: { fr: 'Distingue les visiteurs.', en: 'Tells visitors apart.' } },
      {
        name: '_clsk',
        lifetime: 1,
        description: { fr: 'Relie les pages d’une même visite.', en: 'Links the pages of one visit.' },
      },
      { name: 'CLID', domain: 'clarity.ms', lifetime: 365 },
      { name: 'MUID', domain: 'bing.com', lifetime: 390 },
    ],
    retention: {
      fr: '30 jours (enregistrements), 13 mois (statistiques)',
      en: '30 days (recordings), 13 months (statistics)',
    },
    hostedOutsideQuebec: true,
    thirdParty: true,
    privacyUrl: 'https://privacy.microsoft.com/privacystatement',
  },
  'linkedin-insight': {
    kind: 'marketing',
    name: 'LinkedIn Insight Tag',
    provider: 'LinkedIn Corporation',
    purpose: {
      fr: 'Mesurer les campagnes sur LinkedIn et y cibler des annonces.',
      en: 'Measure campaigns on LinkedIn and target ads there.',
    },
    data: ['ip-address', 'identifier', 'cross-site-activity', 'pages-viewed', 'device', 'browser'],
    hosts: ['snap.licdn.com', 'px.ads.linkedin.com', 'linkedin.com'],
    cookies: [
      { name: 'li_sugr', lifetime: 90 },
      { name: 'li_fat_id', lifetime: 30 },
      { name: 'bcookie', domain: 'linkedin.com', lifetime: 365 },
      { name: 'lidc', domain: 'linkedin.com', lifetime: 1 },
      { name: 'UserMatchHistory', domain: 'linkedin.com', lifetime: 30 },
    ],
    retention: 180,
    hostedOutsideQuebec: true,
    thirdParty: true,
    privacyUrl: 'https://www.linkedin.com/legal/privacy-policy',
  },
  'tiktok-pixel': {
    kind: 'marketing',
    name: { fr: 'Pixel TikTok', en: 'TikTok Pixel' },
    provider: 'TikTok Pte. Ltd.',
    purpose: {
      fr: 'Mesurer les campagnes sur TikTok et y cibler des annonces.',
      en: 'Measure campaigns on TikTok and target ads there.',
    },
    data: ['ip-address', 'identifier', 'cross-site-activity', 'pages-viewed', 'interactions', 'device', 'browser'],
    hosts: ['analytics.tiktok.com', 'tiktok.com'],
    cookies: [
      {
        name: '_ttp',
        lifetime: 390,
        description: {
          fr: 'Identifie le navigateur pour la publicité.',
          en: 'Identifies the browser for advertising.',
        },
      },
      { name: '_tt_enable_cookie', lifetime: 390 },
    ],
    retention: { fr: 'Jusqu’à 2 ans', en: 'Up to 2 years' },
    hostedOutsideQuebec: true,
    thirdParty: true,
    privacyUrl: 'https://www.tiktok.com/legal/privacy-policy',
  },
  // HubSpot's tracking code (js.hs-scripts.com/<id>.js loads the analytics, the cookie banner,
  // collected forms, the ads pixel and the chat); its forms are the template below, on hosts of their own.
  hubspot: {
    kind: 'marketing',
    name: 'HubSpot',
    provider: 'HubSpot, Inc.',
    purpose: {
      fr: 'Suivre les visites et les relier aux contacts du site pour ses campagnes.',
      en: 'Follow visits and link them to the site’s contacts for its campaigns.',
    },
    data: [
      'ip-address',
      'location',
      'device',
      'browser',
      'pages-viewed',
      'interactions',
      'identifier',
      'contact-details',
    ],
    hosts: [
      'hs-scripts.com',
      'hs-analytics.net',
      'hs-banner.com',
      'hscollectedforms.net',
      'hsadspixel.net',
      'usemessages.com',
      'hubspot.com',
    ],
    cookies: [
      { name: '__hstc', lifetime: 180, description: { fr: 'Distingue les visiteurs.', en: 'Tells visitors apart.' } },
      {
        name: 'hubspotutk',
        lifetime: 180,
        description: { fr: 'Relie les visites à un contact.', en: 'Links visits to a contact.' },
      },
      { name: '__hssc', lifetime: minutes(30) },
      { name: '__hssrc', lifetime: session },
    ],
    retention: HUBSPOT_RETENTION,
    hostedOutsideQuebec: true,
    thirdParty: false,
    privacyUrl: HUBSPOT_PRIVACY,
  },
  youtube: {
    kind: 'media',
    name: 'YouTube',
    provider: 'Google LLC',
    purpose: { fr: 'Afficher les vidéos intégrées au site.', en: 'Show the videos embedded in the site.' },
    data: ['ip-address', 'device', 'browser', 'identifier', 'content-preferences', 'interactions'],
    hosts: ['youtube.com', 'youtube-nocookie.com', 'ytimg.com', 'googlevideo.com'],
    cookies: [
      { name: 'YSC', domain: 'youtube.com', lifetime: session },
      { name: 'VISITOR_INFO1_LIVE', domain: 'youtube.com', lifetime: 180 },
      { name: 'VISITOR_PRIVACY_METADATA', domain: 'youtube.com', lifetime: 180 },
    ],
    retention: { fr: 'Selon les règles de Google', en: 'As Google’s rules say' },
    hostedOutsideQuebec: true,
    thirdParty: false,
    privacyUrl: GOOGLE_PRIVACY,
  },
  vimeo: {
    kind: 'media',
    name: 'Vimeo',
    provider: 'Vimeo.com, Inc.',
    purpose: { fr: 'Afficher les vidéos intégrées au site.', en: 'Show the videos embedded in the site.' },
    data: ['ip-address', 'device', 'browser', 'interactions'],
    hosts: ['vimeo.com', 'vimeocdn.com'],
    cookies: [
      { name: 'vuid', domain: 'vimeo.com', lifetime: twoYears },
      { name: '__cf_bm', domain: 'vimeo.com', lifetime: minutes(30) },
    ],
    retention: { fr: 'Selon les règles de Vimeo', en: 'As Vimeo’s rules say' },
    hostedOutsideQuebec: true,
    thirdParty: false,
    privacyUrl: 'https://vimeo.com/privacy',
  },
  x: {
    kind: 'media',
    name: 'X (Twitter)',
    provider: 'X Corp.',
    purpose: { fr: 'Afficher les publications de X intégrées au site.', en: 'Show the X posts embedded in the site.' },
    data: ['ip-address', 'device', 'browser', 'pages-viewed', 'identifier', 'cross-site-activity'],
    // widgets.js and its frames (platform.twitter.com), the posts' data and images (twimg.com).
    hosts: ['twitter.com', 'x.com', 'twimg.com'],
    cookies: [
      { name: 'guest_id', domain: 'twitter.com', lifetime: twoYears },
      { name: 'personalization_id', domain: 'twitter.com', lifetime: twoYears },
      { name: 'muc_ads', domain: 'twitter.com', lifetime: twoYears },
    ],
    retention: { fr: 'Selon les règles de X', en: 'As X’s rules say' },
    hostedOutsideQuebec: true,
    thirdParty: false,
    privacyUrl: 'https://x.com/privacy',
  },
  instagram: {
    kind: 'media',
    name: 'Instagram',
    provider: 'Meta Platforms, Inc.',
    purpose: {
      fr: 'Afficher les publications Instagram intégrées au site.',
      en: 'Show the Instagram posts embedded in the site.',
    },
    data: ['ip-address', 'device', 'browser', 'pages-viewed', 'identifier', 'cross-site-activity'],
    hosts: ['instagram.com', 'cdninstagram.com'],
    // Lifetimes as Chromium keeps them (400 days at most) on a visitor without an account.
    cookies: [
      { name: 'mid', domain: 'instagram.com', lifetime: 400 },
      { name: 'ig_did', domain: 'instagram.com', lifetime: 365 },
      { name: 'csrftoken', domain: 'instagram.com', lifetime: 365 },
    ],
    retention: { fr: 'Selon les règles de Meta', en: 'As Meta’s rules say' },
    hostedOutsideQuebec: true,
    thirdParty: false,
    privacyUrl: 'https://privacycenter.instagram.com/policy/',
  },
  'google-maps': {
    kind: 'media',
    name: 'Google Maps',
    provider: 'Google LLC',
    purpose: { fr: 'Afficher les cartes intégrées au site.', en: 'Show the maps embedded in the site.' },
    data: ['ip-address', 'location', 'device', 'browser'],
    // Google's "Embed a map" code is an iframe from www.google.com/maps/embed: the path, not the host.
    hosts: ['maps.google.com', 'maps.googleapis.com', 'maps.gstatic.com', 'www.google.com/maps'],
    cookies: [{ name: 'NID', domain: 'google.com', lifetime: 180 }],
    retention: { fr: 'Selon les règles de Google', en: 'As Google’s rules say' },
    hostedOutsideQuebec: true,
    thirdParty: false,
    privacyUrl: GOOGLE_PRIVACY,
  },
  recaptcha: {
    kind: 'security',
    name: 'reCAPTCHA',
    provider: 'Google LLC',
    purpose: { fr: 'Protéger les formulaires contre les robots.', en: 'Protect forms from bots.' },
    data: ['ip-address', 'device', 'browser', 'interactions'],
    // All it loads is under /recaptcha/ on Google's hosts, or on www.recaptcha.net: the rest of
    // www.google.com and www.gstatic.com (Google Charts, Firebase…) is other services'.
    hosts: ['www.google.com/recaptcha', 'www.gstatic.com/recaptcha', 'recaptcha.net'],
    cookies: [{ name: '_GRECAPTCHA', domain: 'google.com', lifetime: 180 }],
    retention: { fr: 'Selon les règles de Google', en: 'As Google’s rules say' },
    hostedOutsideQuebec: true,
    thirdParty: false,
    privacyUrl: GOOGLE_PRIVACY,
  },
  'hubspot-forms': {
    kind: 'functional',
    name: { fr: 'Formulaires HubSpot', en: 'HubSpot Forms' },
    provider: 'HubSpot, Inc.',
    purpose: {
      fr: 'Afficher les formulaires du site et recevoir ce qui y est écrit.',
      en: 'Show the site’s forms and receive what is written in them.',
    },
    data: ['ip-address', 'device', 'browser', 'contact-details'],
    hosts: ['hsforms.net', 'hsforms.com'],
    cookies: [],
    retention: HUBSPOT_RETENTION,
    hostedOutsideQuebec: true,
    thirdParty: false,
    privacyUrl: HUBSPOT_PRIVACY,
  },
  intercom: {
    kind: 'functional',
    name: 'Intercom',
    provider: 'Intercom, Inc.',
    purpose: {
      fr: 'Offrir une messagerie pour écrire à l’équipe du site.',
      en: 'Offer a messenger to write to the site’s team.',
    },
    data: ['ip-address', 'location', 'device', 'browser', 'pages-viewed', 'identifier', 'contact-details'],
    hosts: ['intercom.io', 'intercomcdn.com', 'intercomassets.com'],
    // Set on the site's own domain, one per app id.
    cookies: [
      {
        name: 'intercom-id-*',
        lifetime: 270,
        description: { fr: 'Distingue les visiteurs.', en: 'Tells visitors apart.' },
      },
      {
        name: 'intercom-session-*',
        lifetime: 7,
        description: { fr: 'Garde les conversations en cours.', en: 'Keeps the current conversations.' },
      },
      { name: 'intercom-device-id-*', lifetime: 270 },
    ],
    retention: {
      fr: 'Tant que le site garde la conversation',
      en: 'As long as the site keeps the conversation',
    },
    hostedOutsideQuebec: true,
    thirdParty: false,
    privacyUrl: 'https://www.intercom.com/legal/privacy',
  },
  plausible: {
    kind: 'analytics',
    name: 'Plausible Analytics',
    provider: 'Plausible Insights OÜ',
    purpose: {
      fr: 'Compter les visites sans témoin ni identifiant.',
      en: 'Count visits without cookies or identifiers.',
    },
    // The address is used only for a daily-changing hash and is not stored.
    data: ['ip-address', 'location', 'device', 'browser', 'pages-viewed'],
    hosts: ['plausible.io'],
    cookies: [],
    retention: { fr: 'Statistiques agrégées, sans données personnelles', en: 'Aggregate statistics, no personal data' },
    hostedOutsideQuebec: true,
    thirdParty: false,
    privacyUrl: 'https://plausible.io/privacy',
  },
};
