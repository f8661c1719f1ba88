// The downloaded receipt (receipt/receipt-document.ts), in French and English: a chunk of its own,
// loaded on the download click. Same typography as fr.ts.
import { table } from './table.js';

export const receiptFr = {
  receiptIntro:
    'Ce document atteste des choix que vous avez faits sur {site} au sujet des témoins et technologies semblables. Conservez-le : avec votre identifiant de consentement, il appuie une demande d’accès.',
  consentId: 'Identifiant de consentement',
  decidedAt: 'Date de la décision',
  validUntil: 'Valable jusqu’au',
  controller: 'Organisation responsable',
  contact: 'Coordonnées',
  site: 'Site',
  decisions: 'Vos décisions',
  notice: 'L’avis auquel vous avez répondu',
  version: 'Version de l’avis',
  ack: 'Accusé de réception du registre du site',
  noRegister: 'Ce site ne tient pas de registre des reçus : ce document est votre exemplaire.',
  receiptId: 'Numéro du reçu',
  receivedAt: 'Reçu le',
  seq: 'Rang au registre',
  hash: 'Empreinte (SHA-256)',
  signature: 'Signature',
  verify: 'Pour vérification',
  verifyText:
    'Le reçu tel qu’il a été enregistré et, s’il existe, l’accusé de réception signé du registre sont conservés sans modification dans ce fichier, en JSON, dans l’élément « temoin-receipt ».',
};

const receiptEn: typeof receiptFr = {
  receiptIntro:
    'This document records the choices you made on {site} about cookies and similar technologies. Keep it: with your consent id, it supports an access request.',
  consentId: 'Consent id',
  decidedAt: 'Date of the decision',
  validUntil: 'Valid until',
  controller: 'Organization responsible',
  contact: 'Contact',
  site: 'Site',
  decisions: 'Your decisions',
  notice: 'The notice you answered',
  version: 'Notice version',
  ack: 'Acknowledgement from the site’s register',
  noRegister: 'This site keeps no register of receipts: this document is your copy.',
  receiptId: 'Receipt number',
  receivedAt: 'Received on',
  seq: 'Position in the register',
  hash: 'Fingerprint (SHA-256)',
  signature: 'Signature',
  verify: 'For verification',
  verifyText:
    'The receipt as it was recorded and, once it exists, the register’s signed acknowledgement are kept unchanged in this file, as JSON, in the element “temoin-receipt”.',
};

export const sayReceipt = table({ fr: receiptFr, en: receiptEn });
