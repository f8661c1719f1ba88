// Spanish strings of the preference center and what opens from it, key for key with fr.ts.
import type { DetailStrings } from './fr.js';

export const es: DetailStrings = {
  preferencesTitle: 'Configuración de cookies',
  preferencesText:
    'Para cada uso, elija si da su consentimiento. Los usos opcionales permanecen desactivados hasta que usted los active.',
  close: 'Cerrar',
  save: 'Guardar mis opciones',
  saved: 'Sus opciones se han guardado.',
  alwaysOn: 'Siempre activo: necesario para el funcionamiento del sitio, este uso no se puede desactivar.',
  gpcRefused:
    'Su navegador envía la señal Global Privacy Control: este uso queda rechazado, salvo que usted mismo lo active.',
  services: 'Servicios ({count})',
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
  granted: 'aceptado',
  refused: 'rechazado',
  download: 'Descargar el comprobante',
  receiptTitle: 'Comprobante de consentimiento',
  receiptKept: 'Comprobante n.º {seq} en el registro del sitio',
  receiptWaiting: 'Comprobante pendiente de envío al registro del sitio',
  receiptRefused: 'Comprobante rechazado por el registro del sitio: se conserva en este dispositivo',
  choice: '{category}: {choice}',
};
