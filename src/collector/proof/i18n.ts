// The consent file's words, in French and English. French typography: a narrow no-break space
// (U+202F) before ; ! ? and inside « », a no-break space (U+00A0) before :. The receipts' own texts
// are quoted as the visitor read them, never translated.
import type { DataKind } from '../../core/config-types.js';
import type { Receipt } from '../../receipts/receipt.js';

export type ProofLanguage = 'fr' | 'en';

const nb = '\u00a0';
const nnb = '\u202f';

export interface ProofStrings {
  locale: string;
  title: string;
  intro: string;
  summary: string;
  visitor: string;
  erasedVisitor: string;
  asked: string;
  generated: string;
  timeZone: string;
  receiptCount(total: number, erased: number): string;
  verification: string;
  verified(ok: number, total: number): string;
  /** A receipt's place in the chain, as a heading says it. */
  numbered(seq: number): string;
  atTitle: string;
  atNone: string;
  atInForce(receipt: string, decided: string): string;
  atExpired(until: string): string;
  atErased(count: number): string;
  atLate(count: number): string;
  decisions: string;
  event: Record<Receipt['event'], string>;
  erasedTitle: string;
  erasedText(at: string): string;
  facts: Record<
    | 'receiptId'
    | 'decidedAt'
    | 'receivedAt'
    | 'origin'
    | 'language'
    | 'method'
    | 'revision'
    | 'configHash'
    | 'gpc'
    | 'browser'
    | 'validUntil'
    | 'controller'
    | 'policy'
    | 'jurisdiction',
    string
  >;
  yes: string;
  no: string;
  none: string;
  valid(keyId: string): string;
  notValid(problem: string, reason: string): string;
  stateAfter: string;
  stateLaterDecision(receipt: string): string;
  columns: Record<'category' | 'title' | 'decision' | 'required', string>;
  decision: Record<'granted' | 'refused', string>;
  /** A service's decision, after its name: said of the service (« YouTube : service accepté »). */
  serviceDecision: Record<'granted' | 'refused', string>;
  /** A colon as the language writes it, with its spaces: « : » in French. */
  colon: string;
  notice: string;
  sameNotice(seq: number): string;
  serviceColumns: Record<'service' | 'provider' | 'purpose' | 'data' | 'retention' | 'outside' | 'thirdParty', string>;
  days(n: number): string;
  data: Record<DataKind, string>;
  chain: string;
  chainFacts: Record<'seq' | 'prevHash' | 'hash' | 'digest' | 'signedBy' | 'previous' | 'next', string>;
  linked(ok: boolean | null): string;
  notices: string;
  noNotices: string;
  noticeFacts: Record<'hash' | 'sentBy' | 'kept' | 'hashCheck' | 'description', string>;
  hashCheck(ok: boolean): string;
  noticeMissing(hash: string): string;
  noticeCategories: string;
  keys: string;
  keyColumns: Record<'keyId' | 'sha256' | 'createdAt' | 'signed', string>;
  erasures: string;
  erasureColumns: Record<'at' | 'actor' | 'reason' | 'seqs', string>;
  access: string;
  accessText: string;
  accessFacts: Record<'id' | 'at' | 'actor' | 'action' | 'filters' | 'rows', string>;
}

const fr: ProofStrings = {
  locale: 'fr-CA',
  title: 'Dossier de consentement d’un visiteur',
  intro: `Chaque reçu de consentement que le collecteur a gardé pour ce visiteur, dans l’ordre de la chaîne${nnb}; l’état en vigueur après chacun${nnb}; l’avis auquel il a répondu, dans les mots du reçu${nnb}; et la vérification de chaque reçu au moyen des clés publiques du collecteur.`,
  summary: 'Résumé',
  visitor: 'Identifiant du visiteur',
  erasedVisitor: 'effacé à sa demande (il ne reste que les pierres tombales)',
  asked: 'Demande',
  generated: 'Produit le',
  timeZone: 'Fuseau horaire',
  receiptCount: (total, erased) =>
    `${total} reçu${total > 1 ? 's' : ''}${erased ? `, dont ${erased} effacé${erased > 1 ? 's' : ''}` : ''}`,
  verification: 'Vérification',
  verified: (ok, total) => `${ok} sur ${total} vérifié${ok > 1 ? 's' : ''}`,
  numbered: (seq) => `nº${nb}${seq}`,
  atTitle: 'Consentement en vigueur au moment demandé',
  atNone: 'Le visiteur n’avait encore pris aucune décision à ce moment.',
  atInForce: (receipt, decided) => `Décision en vigueur${nb}: le reçu ${receipt}, pris le ${decided}.`,
  atExpired: (until) =>
    `Cette décision avait expiré le ${until}${nnb}: seules les catégories nécessaires s’appliquaient.`,
  atErased: (count) =>
    `Attention${nnb}: ${count} reçu${count > 1 ? 's' : ''} reçu${count > 1 ? 's' : ''} avant ce moment ${count > 1 ? 'ont' : 'a'} été effacé${count > 1 ? 's' : ''}${nnb}; ${count > 1 ? 'leurs décisions' : 'sa décision'} aurai${count > 1 ? 'en' : ''}t pu changer cette réponse.`,
  atLate: (count) =>
    count == 1
      ? `Attention${nnb}: un reçu dit décidé avant ce moment n’est arrivé au collecteur qu’après${nnb}; l’heure de décision est celle du navigateur du visiteur.`
      : `Attention${nnb}: ${count} reçus dits décidés avant ce moment ne sont arrivés au collecteur qu’après${nnb}; l’heure de décision est celle du navigateur du visiteur.`,
  decisions: 'Décisions',
  event: {
    given: 'consentement donné',
    refused: 'consentement refusé',
    updated: 'consentement modifié',
    withdrawn: 'consentement retiré',
    expired: 'consentement expiré',
  },
  erasedTitle: 'reçu effacé',
  erasedText: (at) =>
    `Ce reçu a été effacé le ${at} à la demande du visiteur. Il n’en reste que la pierre tombale${nnb}: sa place dans la chaîne, son empreinte et la signature du collecteur.`,
  facts: {
    receiptId: 'Identifiant du reçu',
    decidedAt: 'Décision prise le',
    receivedAt: 'Reçu par le collecteur le',
    origin: 'Site',
    language: 'Langue',
    method: 'Moyen',
    revision: 'Révision de la configuration',
    configHash: 'Empreinte de la configuration',
    gpc: 'Signal Global Privacy Control',
    browser: 'Navigateur',
    validUntil: 'Valide jusqu’au',
    controller: 'Responsable',
    policy: 'Politique de confidentialité',
    jurisdiction: 'Juridiction',
  },
  yes: 'oui',
  no: 'non',
  none: '—',
  valid: (keyId) => `Vérifié${nnb}: signature du collecteur valide (clé ${keyId}), contenu intact.`,
  notValid: (problem, reason) => `NON VÉRIFIÉ (${problem})${nb}: ${reason}`,
  stateAfter: 'Consentement en vigueur après ce reçu',
  stateLaterDecision: (receipt) =>
    `Ce reçu est arrivé après une décision plus récente${nnb}: la décision en vigueur reste celle du reçu ${receipt}.`,
  columns: { category: 'Catégorie', title: 'Titre', decision: 'Décision', required: 'Nécessaire' },
  decision: { granted: 'acceptée', refused: 'refusée' },
  serviceDecision: { granted: 'service accepté', refused: 'service refusé' },
  colon: `${nb}: `,
  notice: 'Avis présenté au visiteur (dans les mots du reçu)',
  sameNotice: (seq) => `Avis présenté${nb}: le même que pour le reçu nº${nb}${seq}.`,
  serviceColumns: {
    service: 'Service',
    provider: 'Fournisseur',
    purpose: 'Finalité',
    data: 'Données',
    retention: 'Conservation',
    outside: 'Hébergé hors Québec',
    thirdParty: 'Tiers',
  },
  days: (n) => `${n}${nb}jour${n > 1 ? 's' : ''}`,
  data: {
    'ip-address': 'adresse IP',
    location: 'localisation approximative',
    'precise-location': 'localisation précise',
    device: 'appareil',
    browser: 'navigateur',
    'pages-viewed': 'pages consultées',
    interactions: 'interactions',
    identifier: 'identifiant',
    'cross-site-activity': 'activité sur d’autres sites',
    'contact-details': 'coordonnées',
    'content-preferences': 'préférences de contenu',
  },
  chain: 'Place dans la chaîne',
  chainFacts: {
    seq: 'Numéro',
    prevHash: 'Hachage précédent',
    hash: 'Hachage',
    digest: 'Empreinte du reçu (SHA-256)',
    signedBy: 'Signé par la clé',
    previous: 'Lien avec le maillon précédent',
    next: 'Lien avec le maillon suivant',
  },
  linked: (ok) => (ok === null ? 'sans objet (début, purge ou dernier maillon)' : ok ? 'concordant' : 'ROMPU'),
  notices: 'Avis archivés',
  noNotices: 'Le collecteur ne garde aucune des configurations derrière ces reçus.',
  noticeFacts: {
    hash: 'Empreinte',
    sentBy: 'Envoyée par',
    kept: 'Gardée depuis le',
    hashCheck: 'Empreinte recalculée',
    description: 'Description',
  },
  hashCheck: (ok) => (ok ? 'concordante' : 'DIFFÉRENTE — la configuration gardée a été modifiée'),
  noticeMissing: (hash) => `Aucune page n’a envoyé la configuration ${hash}.`,
  noticeCategories: 'Catégories de la configuration',
  keys: 'Clés publiques du collecteur',
  keyColumns: {
    keyId: 'Identifiant',
    sha256: 'Empreinte SHA-256',
    createdAt: 'Enregistrée le',
    signed: 'Reçus signés',
  },
  erasures: 'Effacements',
  erasureColumns: { at: 'Le', actor: 'Par', reason: 'Motif', seqs: 'Numéros' },
  access: 'Accès journalisé',
  accessText: 'Cette lecture est inscrite au journal des accès du collecteur sous l’entrée suivante.',
  accessFacts: { id: 'Entrée', at: 'Le', actor: 'Par', action: 'Action', filters: 'Critères', rows: 'Reçus lus' },
};

const en: ProofStrings = {
  locale: 'en-CA',
  title: 'A visitor’s consent file',
  intro:
    'Every consent receipt the collector kept for this visitor, in chain order; the state in force after each; the notice they answered, in the receipt’s words; and each receipt checked against the collector’s public keys.',
  summary: 'Summary',
  visitor: 'Visitor id',
  erasedVisitor: 'erased at their request (only tombstones are left)',
  asked: 'Asked for',
  generated: 'Generated',
  timeZone: 'Time zone',
  receiptCount: (total, erased) => `${total} receipt${total == 1 ? '' : 's'}${erased ? `, ${erased} erased` : ''}`,
  verification: 'Verification',
  verified: (ok, total) => `${ok} of ${total} verified`,
  numbered: (seq) => `#${seq}`,
  atTitle: 'Consent in force at the time asked',
  atNone: 'The visitor had made no decision yet at that time.',
  atInForce: (receipt, decided) => `Decision in force: receipt ${receipt}, made ${decided}.`,
  atExpired: (until) => `That decision had expired on ${until}: only the necessary categories applied.`,
  atErased: (count) =>
    `Note: ${count} receipt${count == 1 ? '' : 's'} received before then ${count == 1 ? 'was' : 'were'} erased; ${count == 1 ? 'its decision' : 'their decisions'} could have changed this answer.`,
  atLate: (count) =>
    `Note: ${count == 1 ? 'one receipt' : `${count} receipts`} said to be decided before then reached the collector only after it; the decision time is the visitor's browser's.`,
  decisions: 'Decisions',
  event: {
    given: 'consent given',
    refused: 'consent refused',
    updated: 'consent updated',
    withdrawn: 'consent withdrawn',
    expired: 'consent expired',
  },
  erasedTitle: 'receipt erased',
  erasedText: (at) =>
    `This receipt was erased on ${at} at the visitor's request. Only its tombstone is left: its place in the chain, its digest and the collector's signature.`,
  facts: {
    receiptId: 'Receipt id',
    decidedAt: 'Decided',
    receivedAt: 'Received by the collector',
    origin: 'Site',
    language: 'Language',
    method: 'Through',
    revision: 'Config revision',
    configHash: 'Config hash',
    gpc: 'Global Privacy Control signal',
    browser: 'Browser',
    validUntil: 'Valid until',
    controller: 'Controller',
    policy: 'Privacy policy',
    jurisdiction: 'Jurisdiction',
  },
  yes: 'yes',
  no: 'no',
  none: '—',
  valid: (keyId) => `Verified: the collector's signature is valid (key ${keyId}) and the content is intact.`,
  notValid: (problem, reason) => `NOT VERIFIED (${problem}): ${reason}`,
  stateAfter: 'Consent in force after this receipt',
  stateLaterDecision: (receipt) =>
    `This receipt arrived after a more recent decision: the decision in force stays that of receipt ${receipt}.`,
  columns: { category: 'Category', title: 'Title', decision: 'Decision', required: 'Necessary' },
  decision: { granted: 'granted', refused: 'refused' },
  serviceDecision: { granted: 'granted', refused: 'refused' },
  colon: ': ',
  notice: 'Notice shown to the visitor (in the receipt’s words)',
  sameNotice: (seq) => `Notice shown: the same as for receipt #${seq}.`,
  serviceColumns: {
    service: 'Service',
    provider: 'Provider',
    purpose: 'Purpose',
    data: 'Data',
    retention: 'Retention',
    outside: 'Hosted outside Québec',
    thirdParty: 'Third parties',
  },
  days: (n) => `${n} day${n == 1 ? '' : 's'}`,
  data: {
    'ip-address': 'IP address',
    location: 'approximate location',
    'precise-location': 'precise location',
    device: 'device',
    browser: 'browser',
    'pages-viewed': 'pages viewed',
    interactions: 'interactions',
    identifier: 'identifier',
    'cross-site-activity': 'activity on other sites',
    'contact-details': 'contact details',
    'content-preferences': 'content preferences',
  },
  chain: 'Place in the chain',
  chainFacts: {
    seq: 'Number',
    prevHash: 'Previous hash',
    hash: 'Hash',
    digest: 'Receipt digest (SHA-256)',
    signedBy: 'Signed by key',
    previous: 'Link with the previous one',
    next: 'Link with the next one',
  },
  linked: (ok) => (ok === null ? 'not applicable (start, purge or last link)' : ok ? 'matches' : 'BROKEN'),
  notices: 'Archived notices',
  noNotices: 'The collector keeps none of the configs behind these receipts.',
  noticeFacts: {
    hash: 'Hash',
    sentBy: 'Sent by',
    kept: 'Kept since',
    hashCheck: 'Hash computed again',
    description: 'Description',
  },
  hashCheck: (ok) => (ok ? 'matches' : 'DIFFERS — the config kept was changed'),
  noticeMissing: (hash) => `No page has sent the config ${hash}.`,
  noticeCategories: 'Categories of the config',
  keys: 'The collector’s public keys',
  keyColumns: { keyId: 'Key id', sha256: 'SHA-256 fingerprint', createdAt: 'Saved', signed: 'Receipts signed' },
  erasures: 'Erasures',
  erasureColumns: { at: 'When', actor: 'By', reason: 'Reason', seqs: 'Numbers' },
  access: 'Access logged',
  accessText: 'This read is written in the collector’s access log as the following entry.',
  accessFacts: { id: 'Entry', at: 'When', actor: 'By', action: 'Action', filters: 'Filters', rows: 'Receipts read' },
};

export const proofStrings = (lang: ProofLanguage): ProofStrings => (lang == 'fr' ? fr : en);
