// The visitor's consent id in the preference center (consent-id/consent-id.ts), in French and
// English. Same typography as fr.ts: no-break spaces before « : » and inside « », apostrophes ’.
import { table } from './table.js';

export const consentIdFr = {
  consentId: 'Votre identifiant de consentement',
  consentIdShort: 'Forme courte',
  consentIdFull: 'Identifiant complet',
  copyId: 'Copier l’identifiant',
  idCopied: 'Identifiant copié.',
  idSelected: 'L’identifiant est sélectionné : copiez-le avec le clavier ou le menu.',
  accessRequest:
    'Pour une demande d’accès concernant votre consentement, transmettez cet identifiant complet à l’organisation responsable, {controller}.',
  contact: 'Coordonnées :',
};

const consentIdEn: typeof consentIdFr = {
  consentId: 'Your consent id',
  consentIdShort: 'Short form',
  consentIdFull: 'Full id',
  copyId: 'Copy the id',
  idCopied: 'Id copied.',
  idSelected: 'The id is selected: copy it with your keyboard or menu.',
  accessRequest:
    'For an access request about your consent, give this full id to the organization responsible, {controller}.',
  contact: 'Contact:',
};

export const sayId = table({ fr: consentIdFr, en: consentIdEn });
