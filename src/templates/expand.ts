// Turns `{ "template": "youtube", "id": "videos", … }` into the full service: the template's
// fields, then the config's own, which win. Loaded with the write path, only for configs that
// name a template.
import { ConfigError, nearest } from '../core/config.js';
import { TEMPLATES } from './catalog.js';

type Json = Record<string, unknown>;

/**
 * The names people know a template by elsewhere (its brand's former name, the product's short
 * name), for the development build's "did you mean" only: a config must still write the
 * catalog's name, the one receipts and scans say.
 */
const ALSO_KNOWN_AS: Record<string, string> = {
  twitter: 'x',
  'x-twitter': 'x',
  meta: 'meta-pixel',
  facebook: 'meta-pixel',
  'facebook-pixel': 'meta-pixel',
  'fb-pixel': 'meta-pixel',
  ga: 'google-analytics-4',
  ga4: 'google-analytics-4',
  gtag: 'google-analytics-4',
  'google-analytics': 'google-analytics-4',
  gtm: 'google-tag-manager',
  adwords: 'google-ads',
  'google-adwords': 'google-ads',
  clarity: 'microsoft-clarity',
  linkedin: 'linkedin-insight',
  tiktok: 'tiktok-pixel',
  piwik: 'matomo',
  'google-recaptcha': 'recaptcha',
  maps: 'google-maps',
};

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
          const meant =
            DEV_MODE &&
            typeof template == 'string' &&
            (Object.hasOwn(ALSO_KNOWN_AS, template.toLowerCase())
              ? ALSO_KNOWN_AS[template.toLowerCase()]
              : nearest(template, known));
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
