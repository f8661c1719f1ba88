// Spanish strings of the preference center and what opens from it, key for key with fr.ts.
import type { DetailStrings } from './fr.js';

export const es: DetailStrings = {
  preferencesTitle: 'Configuración de cookies',
  preferencesText:
    'Para cada uso, elija si da su consentimiento. Los usos opcionales permanecen desactivados hasta que usted los active.',
  close: 'Cerrar',
  save: 'Guardar mis opciones',
  alwaysOn: 'Siempre activo: necesario para el funcionamiento del sitio, este uso no se puede desactivar.',
  gpcRefused:
    'Su navegador envía la señal Global Privacy Control: este uso queda rechazado, salvo que usted mismo lo active.',
  services: 'Servicios ({count})',
  someServices: 'Servicios aceptados: {count} de {total}',
  provider: 'Proveedor',
  purpose: 'Finalidad',
  data: 'Datos recopilados',
  cookies: 'Cookies y píxeles',
  retention: 'Conservación de los datos',
  hosting: 'Dónde se alojan los datos',
  outsideQuebec: 'Fuera de Quebec',
  inQuebec: 'En Quebec',
  thirdParties: 'Compartidos con terceros',
  yes: 'Sí',
  no: 'No',
  providerPolicy: 'Política de privacidad del proveedor',
  session: 'fin de la sesión',
  history: 'Mi historial de consentimiento',
  historyEmpty: 'No hay ninguna decisión registrada en este dispositivo.',
  historyEntry: '{date}, versión {revision}',
  granted: 'sí',
  refused: 'no',
  download: 'Descargar el comprobante',
  receiptTitle: 'Comprobante de consentimiento',
  receiptKept: 'Comprobante n.º {seq} en el registro del sitio',
  receiptWaiting: 'Comprobante pendiente de envío al registro del sitio',
  receiptRefused: 'Comprobante rechazado por el registro del sitio: se conserva en este dispositivo',
  choice: '{category}: {choice}',
  ownPurpose: 'Recordar sus opciones y conservar la prueba.',
  ownReceipt: '{controller} conserva un comprobante de cada elección.',
  ownData:
    'sus opciones por categoría y por servicio, la versión del aviso al que responden, su fecha y su vencimiento, el idioma de la interfaz y dónde las hizo, si su navegador enviaba la señal Global Privacy Control, así como un identificador de consentimiento y un identificador de comprobante generados al azar',
  ownDataUnsent: ', y el número de comprobantes pendientes de envío',
  ownRetention:
    '{duration}, después se le vuelve a preguntar; el historial de sus opciones permanece en este dispositivo',
  ownHosting: 'En su navegador, para este sitio',
  ownHostingReceipts: 'En su navegador, para este sitio; los comprobantes también en el registro de {controller}',
};
