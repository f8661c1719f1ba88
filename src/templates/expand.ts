// Turns `{ "template": "youtube", "id": "videos", … }` into the full service: the template's
// fields, then the config's own, which win. Loaded with the write path, only for configs that
// name a template.
import { ConfigError, nearest } from '../core/config.js';
import { TEMPLATES } from './catalog.js';

type Json = Record<string, unknown>;

export function expandTemplates(input: unknown): unknown {
  const categories = (input as { categories?: unknown } | null)?.categories;
  if (!Array.isArray(categories)) return input;
  const problems: string[] = [];
  const expanded = categories.map((category: unknown, i) => {
    const services = (category as { services?: unknown } | null)?.services;
    if (!Array.isArray(services)) return category;
    return {
      ...(category as Json),
      services: services.map((service: unknown, j) => {
        if (typeof service != 'object' || !service || !('template' in service)) return service;
        const { template, ...own } = service as Json;
        const found =
          typeof template == 'string' && Object.hasOwn(TEMPLATES, template) ? TEMPLATES[template] : undefined;
        if (!found) {
          const known = Object.keys(TEMPLATES);
          const meant = DEV_MODE && typeof template == 'string' && nearest(template, known);
          problems.push(
            `categories[${i}].services[${j}].template ${JSON.stringify(template)} is not a known template` +
              (meant ? `; did you mean "${meant}"?` : `; known: ${known.join(', ')}`),
          );
          return service;
        }
        const { kind: _, ...fields } = found;
        return { ...fields, ...own };
      }),
    };
  });
  if (problems.length) throw new ConfigError(problems);
  return { ...(input as Json), categories: expanded };
}
