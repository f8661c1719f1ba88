// Portuguese strings of the preference center and what opens from it, key for key with fr.ts.
import type { DetailStrings } from './fr.js';

export const pt: DetailStrings = {
  preferencesTitle: 'Configurações de cookies',
  preferencesText:
    'Para cada uso, escolha se você consente. Os usos opcionais ficam desativados até que você os ative.',
  close: 'Fechar',
  save: 'Salvar minhas escolhas',
  saved: 'Suas escolhas foram salvas.',
  alwaysOn: 'Sempre ativo: necessário para o funcionamento do site, este uso não pode ser desativado.',
  gpcRefused:
    'Seu navegador envia o sinal Global Privacy Control: este uso é recusado, a menos que você mesmo o ative.',
  services: 'Serviços ({count})',
  provider: 'Fornecedor',
  purpose: 'Finalidade',
  data: 'Dados coletados',
  cookies: 'Cookies e pixels',
  retention: 'Retenção dos dados',
  hosting: 'Onde os dados ficam hospedados',
  outsideQuebec: 'Fora do Quebec',
  inQuebec: 'No Quebec',
  thirdParties: 'Compartilhados com terceiros',
  yes: 'Sim',
  no: 'Não',
  providerPolicy: 'Política de privacidade do fornecedor',
  session: 'fim da sessão',
  history: 'Meu histórico de consentimento',
  historyEmpty: 'Nenhuma decisão está registrada neste dispositivo.',
  historyEntry: '{date}, versão {revision}',
  granted: 'aceito',
  refused: 'recusado',
  download: 'Baixar o comprovante',
  receiptTitle: 'Comprovante de consentimento',
  receiptKept: 'Comprovante nº {seq} no registro do site',
  receiptWaiting: 'Comprovante aguardando envio ao registro do site',
  receiptRefused: 'Comprovante recusado pelo registro do site: ele fica neste dispositivo',
  choice: '{category}: {choice}',
};
