// The visitor's consent id in the preference center (consent-id/consent-id.ts), in the packs'
// seven languages (table.ts): it comes with the preference center's chunk, never with a first
// visit's. Same typography as fr.ts: no-break spaces before « : » and inside « », apostrophes ’.
import { table, type Table } from './table.js';

const fr = {
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

export const consentIdStrings: Table<keyof typeof fr> = {
  fr,
  en: {
    consentId: 'Your consent id',
    consentIdShort: 'Short form',
    consentIdFull: 'Full id',
    copyId: 'Copy the id',
    idCopied: 'Id copied.',
    idSelected: 'The id is selected: copy it with your keyboard or menu.',
    accessRequest:
      'For an access request about your consent, give this full id to the organization responsible, {controller}.',
    contact: 'Contact:',
  },
  es: {
    consentId: 'Su identificador de consentimiento',
    consentIdShort: 'Forma corta',
    consentIdFull: 'Identificador completo',
    copyId: 'Copiar el identificador',
    idCopied: 'Identificador copiado.',
    idSelected: 'El identificador está seleccionado: cópielo con el teclado o el menú.',
    accessRequest:
      'Para una solicitud de acceso sobre su consentimiento, entregue este identificador completo a la organización responsable, {controller}.',
    contact: 'Contacto:',
  },
  de: {
    consentId: 'Ihre Einwilligungs-ID',
    consentIdShort: 'Kurzform',
    consentIdFull: 'Vollständige ID',
    copyId: 'ID kopieren',
    idCopied: 'ID kopiert.',
    idSelected: 'Die ID ist markiert: Kopieren Sie sie mit der Tastatur oder über das Menü.',
    accessRequest:
      'Für eine Auskunftsanfrage zu Ihrer Einwilligung übermitteln Sie diese vollständige ID an die verantwortliche Organisation, {controller}.',
    contact: 'Kontakt:',
  },
  it: {
    consentId: 'Il tuo identificativo di consenso',
    consentIdShort: 'Forma breve',
    consentIdFull: 'Identificativo completo',
    copyId: 'Copia l’identificativo',
    idCopied: 'Identificativo copiato.',
    idSelected: 'L’identificativo è selezionato: copialo con la tastiera o dal menu.',
    accessRequest:
      'Per una richiesta di accesso relativa al tuo consenso, comunica questo identificativo completo all’organizzazione responsabile, {controller}.',
    contact: 'Contatti:',
  },
  pt: {
    consentId: 'Seu identificador de consentimento',
    consentIdShort: 'Forma curta',
    consentIdFull: 'Identificador completo',
    copyId: 'Copiar o identificador',
    idCopied: 'Identificador copiado.',
    idSelected: 'O identificador está selecionado: copie-o com o teclado ou pelo menu.',
    accessRequest:
      'Para uma solicitação de acesso sobre o seu consentimento, envie este identificador completo à organização responsável, {controller}.',
    contact: 'Contato:',
  },
  nl: {
    consentId: 'Uw toestemmings-ID',
    consentIdShort: 'Korte vorm',
    consentIdFull: 'Volledige ID',
    copyId: 'ID kopiëren',
    idCopied: 'ID gekopieerd.',
    idSelected: 'De ID is geselecteerd: kopieer hem met het toetsenbord of via het menu.',
    accessRequest:
      'Geef voor een verzoek om inzage over uw toestemming deze volledige ID aan de verantwoordelijke organisatie, {controller}.',
    contact: 'Contactgegevens:',
  },
};

export const sayId = table(consentIdStrings);
