// A config draft from what the scan saw: the site's own config when it has one, plus a service
// for each known third party found (its template, in the template's usual category). Every
// required field is filled; each text the scan could not know is marked for review, in the
// words visitors would otherwise read, so that none goes live unread.
import { MAX_REVISION } from '../../receipts/limits.js';
import type { CategoryConfig, TemoinConfig, ValidConfig } from '../../core/config.js';
import { TEMPLATES, type Template } from '../../templates/catalog.js';
import type { ScanReport } from '../types.js';

export const REVIEW = { fr: 'À VÉRIFIER\u00a0: ', en: 'TO REVIEW: ' };

const TITLES: Record<Template['kind'], { fr: string; en: string }> = {
  analytics: { fr: 'Mesure d’audience', en: 'Analytics' },
  marketing: { fr: 'Publicité', en: 'Advertising' },
  media: { fr: 'Contenus intégrés', en: 'Embedded content' },
  functional: { fr: 'Fonctionnalités', en: 'Features' },
  security: { fr: 'Sécurité', en: 'Security' },
};

const review = (text: { fr?: string; en?: string } | string) =>
  typeof text == 'string'
    ? { fr: REVIEW.fr + text, en: REVIEW.en + text }
    : { fr: REVIEW.fr + (text.fr ?? text.en ?? ''), en: REVIEW.en + (text.en ?? text.fr ?? '') };

export function suggestConfig(report: ScanReport, config: ValidConfig | null): TemoinConfig {
  const draft: TemoinConfig = config
    ? structuredClone({ ...config, categories: config.categories.map((c) => ({ ...c })) })
    : {
        revision: 1,
        lang: 'auto',
        categories: [
          {
            id: 'necessary',
            required: true,
            title: { fr: 'Strictement nécessaires', en: 'Strictly necessary' },
            description: review({ fr: 'Retenir votre choix de consentement.', en: 'Remember your consent choice.' }),
          },
        ],
      };
  // The next revision asks visitors again; at the highest one the editor must choose.
  if (config) draft.revision = Math.min(config.revision + 1, MAX_REVISION);
  const templates = new Set(
    report.findings.filter((f) => f.kind == 'undeclared' && f.template).map((f) => f.template!),
  );
  const ids = new Set(draft.categories.flatMap((c) => [c.id, ...(c.services ?? []).map((x) => x.id)]));
  for (const name of templates) {
    const template = TEMPLATES[name]!;
    let id = name;
    for (let n = 2; ids.has(id); n++) id = `${name}-${n}`;
    ids.add(id);
    let category: CategoryConfig | undefined = draft.categories.find((c) => c.id == template.kind);
    if (!category) {
      category = {
        id: template.kind,
        title: TITLES[template.kind],
        description: review(TITLES[template.kind]),
        services: [],
      };
      draft.categories.push(category);
    }
    // The template fills every field; the texts visitors read are marked for review.
    category.services = [
      ...(category.services ?? []),
      {
        template: name,
        id,
        name: template.name,
        provider: template.provider,
        purpose: review(template.purpose),
        hostedOutsideQuebec: template.hostedOutsideQuebec,
      } as unknown as NonNullable<CategoryConfig['services']>[number],
    ];
  }
  return draft;
}
