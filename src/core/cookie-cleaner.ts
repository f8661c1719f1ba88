// Withdrawal: delete the cookies a refused service declared. A cookie is only deleted by writing it
// again with the same name, domain and path, so every domain and path it could live on is tried.
import type { CookieDeclaration } from './config.js';

const escapeRegExp = (s: string) => s.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');

export function deleteCookies(declarations: CookieDeclaration[]): void {
  if (!declarations.length) return;
  const names = document.cookie.split('; ').map((c) => c.split('=')[0]!);
  const labels = location.hostname.split('.');
  const domains = ['', ...labels.map((_, i) => labels.slice(i).join('.'))];
  const segments = location.pathname.split('/');
  const pagePaths = segments.map((_, i) => segments.slice(0, i + 1).join('/')).flatMap((p) => [p, p + '/']);
  const secure = location.protocol == 'https:' ? '; Secure' : '';
  for (const { name, path } of declarations) {
    const pattern = new RegExp('^' + name.split('*').map(escapeRegExp).join('.*') + '$');
    const paths = new Set(['/', ...(path ? [path] : []), ...pagePaths.filter(Boolean)]);
    for (const cookie of names.filter((n) => pattern.test(n))) {
      for (const domain of domains) {
        for (const p of paths) {
          document.cookie = `${cookie}=; Max-Age=0; Path=${p}${domain ? '; Domain=' + domain : ''}${secure}`;
        }
      }
    }
  }
}
