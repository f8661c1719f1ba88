// The manage button's label lives apart from the other strings: the core shows that button
// without downloading the UI, so it imports only this.
export const manageLabel: Record<'fr' | 'en', string> = { fr: 'Gérer mes témoins', en: 'Manage cookies' };
