// What the saved confirmation (../saved-status.ts) says once "always allow" on a placeholder has
// changed a decision already saved: what changed, and where to change it back (`manage`: the
// manage button's label). In the status chunk, in the packs' seven languages (the languages
// table.ts names): said after a click only, so no visit's pack carries it. Same typography as fr.ts.
import type { PackLanguage } from './table.js';

export const alwaysAllowed: Record<PackLanguage, (service: string, manage: string) => string> = {
  fr: (service, manage) =>
    'Vos choix sont enregistrés : vous autorisez désormais « ' +
    service +
    ' ». Pour changer d’avis : « ' +
    manage +
    ' ».',
  en: (service, manage) =>
    `Your choices are saved: you now always allow “${service}”. To change your mind: “${manage}”.`,
  // Native review wanted for the five below: written without a native speaker.
  es: (service, manage) =>
    `Sus opciones se han guardado: ahora permite siempre «${service}». Para cambiar de opinión: «${manage}».`,
  de: (service, manage) =>
    `Ihre Auswahl ist gespeichert: Sie erlauben „${service}“ jetzt immer. Zum Ändern: „${manage}“.`,
  it: (service, manage) =>
    `Le tue scelte sono state salvate: ora consenti sempre «${service}». Per cambiare idea: «${manage}».`,
  pt: (service, manage) =>
    `Suas escolhas foram salvas: agora você sempre permite “${service}”. Para mudar de ideia: “${manage}”.`,
  nl: (service, manage) =>
    `Uw keuzes zijn opgeslagen: u staat “${service}” nu altijd toe. Om dit te wijzigen: “${manage}”.`,
};
