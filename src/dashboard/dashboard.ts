// <temoin-dashboard>: sign in with a token, then acceptance per category over time, decisions
// per day or week (split by revision or language), the chain's integrity, recent receipts with
// filters and downloads, and for admins the access log. Every call it makes is logged by the
// collector. Each chart has its data in a table beside it, for screen readers and for checking.
import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import type { ProofReport } from '../collector/proof/report.js';
import { Api, ApiError, type AccessEntry, type ExportedRow, type Stats, type VerifyResult } from './api.js';
import { draw, PALETTE } from './charts.js';
import { formats } from './format.js';
import { translate, type Key, type Lang } from './i18n.js';
import { grantedAfter, renderReceipt, renderVisitor, type ViewContext } from './receipt-view.js';

const TOKEN_KEY = 'temoin-dashboard-token';
const day = (offset: number) => new Date(Date.now() + offset * 864e5).toISOString().slice(0, 10);

interface Me {
  name: string;
  role: 'analyst' | 'admin';
  minCell: number;
}

export class TemoinDashboard extends LitElement {
  static override properties = {
    lang: { state: true },
    me: { state: true },
    error: { state: true },
    stats: { state: true },
    verify: { state: true },
    recent: { state: true },
    access: { state: true },
    period: { state: true },
    recentFilter: { state: true },
    view: { state: true },
  };

  static override styles = css`
    :host { display: block; box-sizing: border-box; max-width: 72rem; margin: 0 auto; padding: 1rem; font: 16px/1.5 system-ui, sans-serif; color: #1b1b1b; }
    header { display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; justify-content: space-between; border-bottom: 1px solid #6b6b6b; }
    h1 { font-size: 1.5rem; margin: 0.5rem 0; }
    h2 { font-size: 1.25rem; margin: 1.5rem 0 0.5rem; }
    form { display: flex; flex-wrap: wrap; gap: 0.75rem; align-items: end; }
    label { display: grid; gap: 0.25rem; font-weight: 600; }
    input, select, button { font: inherit; min-height: 44px; max-width: 100%; box-sizing: border-box; padding: 0.25rem 0.5rem; border: 1px solid #6b6b6b; border-radius: 4px; }
    label { min-width: 0; max-width: 100%; }
    header div { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; }
    .id-input { width: min(38ch, calc(100vw - 3rem)); }
    button { background: #095797; color: #fff; border-color: #095797; cursor: pointer; }
    button.secondary { background: #fff; color: #095797; }
    :focus-visible { outline: 3px solid #1b1b1b; outline-offset: 2px; }
    .chart { position: relative; height: 280px; }
    table { border-collapse: collapse; width: 100%; font-size: 0.9375rem; }
    th, td { text-align: left; padding: 0.25rem 0.5rem; border-bottom: 1px solid #c8c8c8; }
    .error { color: #a4000f; font-weight: 600; }
    .ok { color: #1e6b30; font-weight: 600; }
    .note { color: #4a4a4a; }
    .mono { font-family: ui-monospace, monospace; }
    /* The time on one line; a read's filters wrap between their members (below). */
    #access-table td:first-child { white-space: nowrap; }
    /* Wide tables scroll within their own box, which the keyboard can reach (WCAG 2.1.1). */
    .scroll { overflow-x: auto; }
    /* A receipt's facts: label over value on a phone, side by side when there is room. */
    dl { display: grid; grid-template-columns: minmax(0, 1fr); gap: 0 1rem; }
    @media (min-width: 40rem) { dl { grid-template-columns: minmax(8rem, 16rem) minmax(0, 1fr); gap: 0.25rem 1rem; } }
    dt { font-weight: 600; }
    dd { margin: 0 0 0.5rem; overflow-wrap: anywhere; }
    caption { text-align: left; font-weight: 600; padding: 0.5rem 0; }
    .actions { display: flex; flex-wrap: wrap; gap: 0.5rem; }
    button.link { min-height: 44px; min-width: 44px; background: none; color: #095797; border: 0; text-decoration: underline; padding: 0 0.25rem; }
    #receipt-view, #visitor-view { border: 2px solid #095797; border-radius: 4px; padding: 0 1rem 0.5rem; margin-top: 1.5rem; }
  `;

  declare lang: Lang;
  declare me: Me | null;
  declare error: string;
  declare stats: Stats | null;
  declare verify: VerifyResult | null;
  declare recent: ExportedRow[] | null;
  declare access: AccessEntry[] | null;
  declare period: { from: string; to: string; interval: 'day' | 'week'; by: '' | 'revision' | 'language' };
  declare recentFilter: { event: string; category: string; principal: string };
  /** The receipt or the visitor opened from the table, if any. */
  declare view: { receipt: ExportedRow } | { principal: string; report: ProofReport } | null;
  private api: Api | null = null;

  constructor() {
    super();
    this.lang = (document.documentElement.lang || navigator.language).startsWith('en') ? 'en' : 'fr';
    this.me = null;
    this.error = '';
    this.stats = this.verify = this.recent = this.access = null;
    this.period = { from: day(-30), to: day(1), interval: 'day', by: '' };
    this.recentFilter = { event: '', category: '', principal: '' };
    this.view = null;
  }

  private get t() {
    return translate(this.lang);
  }

  private get f() {
    return formats(this.lang);
  }

  /**
   * A category's title as visitors read it, from the receipts loaded (their notice copies the
   * config's words), in the dashboard's language when one was written in it; else its id.
   */
  private categoryTitle(category: string): string {
    let found = '';
    for (const { receipt } of this.recent ?? []) {
      const title = receipt.purposes.find((p) => p.category == category)?.title;
      if (title && receipt.language == this.lang) return title;
      found ||= title ?? '';
    }
    return found || category;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const saved = sessionStorage.getItem(TOKEN_KEY);
    if (saved) void this.signIn(saved);
  }

  private async signIn(token: string): Promise<void> {
    this.error = '';
    const api = new Api(token);
    try {
      this.me = await api.me();
    } catch (e) {
      this.error =
        e instanceof ApiError && e.status == 401
          ? this.t('badToken')
          : this.t('error', { message: (e as Error).message });
      sessionStorage.removeItem(TOKEN_KEY);
      return;
    }
    sessionStorage.setItem(TOKEN_KEY, token);
    this.api = api;
    await Promise.all([
      this.loadStats(),
      this.loadRecent(),
      this.loadVerify(),
      this.me.role == 'admin' ? this.loadAccess() : null,
    ]);
  }

  private signOut = (): void => {
    sessionStorage.removeItem(TOKEN_KEY);
    this.api = this.me = this.stats = this.verify = this.recent = this.access = this.view = null;
  };

  /** Runs a load; its failure is the one error shown, and a load that starts clears the last one. */
  private async guard(work: () => Promise<void>): Promise<void> {
    this.error = '';
    try {
      await work();
    } catch (e) {
      this.error = this.t('error', { message: (e as Error).message });
    }
  }

  private loadStats = () =>
    this.guard(async () => {
      const { from, to, interval, by } = this.period;
      this.stats = await this.api!.stats({ from, to, interval, by: by || undefined });
    });
  private loadRecent = () =>
    this.guard(async () => {
      this.recent = await this.api!.recent(this.recentQuery());
    });
  private loadVerify = () =>
    this.guard(async () => {
      this.verify = await this.api!.verify();
    });
  private loadAccess = () =>
    this.guard(async () => {
      this.access = await this.api!.accessLog();
    });

  /** Opens one receipt, or one visitor's receipts, and moves the keyboard's focus to it. */
  private async open(view: NonNullable<TemoinDashboard['view']>): Promise<void> {
    this.view = view;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#receipt-view-title, #visitor-view-title')?.focus();
  }

  private openVisitor = (principal: string, at?: string) =>
    this.guard(async () => {
      await this.open({ principal, report: await this.api!.proof(principal, at) });
    });

  private views(): ViewContext {
    return {
      t: this.t,
      f: this.f,
      categoryTitle: (category) => this.categoryTitle(category),
      openReceipt: (receipt) => void this.open({ receipt }),
      openVisitor: (principal, at) => void this.openVisitor(principal, at),
      close: () => {
        this.view = null;
        void this.updateComplete.then(() =>
          this.renderRoot.querySelector<HTMLElement>('#recent-table')?.closest<HTMLElement>('.scroll')?.focus(),
        );
      },
    };
  }

  private renderView() {
    const view = this.view;
    if (!view) return nothing;
    return 'receipt' in view
      ? renderReceipt(view.receipt, this.views())
      : renderVisitor(view.principal, view.report, this.views());
  }

  private recentQuery() {
    const { event, category, principal } = this.recentFilter;
    return { event: event || undefined, category: category || undefined, principal: principal.trim() || undefined };
  }

  override updated(changed: PropertyValues<this>): void {
    if (changed.has('stats') || changed.has('lang') || changed.has('recent')) this.drawCharts();
  }

  /** Series per category (and per group when split): acceptance rates, and decision counts. */
  private drawCharts(): void {
    const stats = this.stats;
    const acceptance = this.renderRoot.querySelector<HTMLCanvasElement>('#acceptance');
    const decisions = this.renderRoot.querySelector<HTMLCanvasElement>('#decisions');
    if (!stats || !acceptance || !decisions) return;
    const labels = [...new Set(stats.buckets.map((b) => b.start))];
    const groups = [...new Set(stats.buckets.map((b) => b.group ?? ''))];
    const at = (start: string, group: string) =>
      stats.buckets.find((b) => b.start == start && (b.group ?? '') == group);
    const name = (group: string) =>
      group ? `${stats.by == 'revision' ? this.t('revision') : this.t('lang')} ${group}` : '';
    const shownLabels = labels.map((l) => this.f.day(l));
    let colour = 0;
    draw(acceptance, {
      type: 'line',
      data: {
        labels: shownLabels,
        datasets: stats.categories.flatMap((category) =>
          groups.map((group) => {
            const c = PALETTE[colour++ % PALETTE.length]!;
            return {
              label: [this.categoryTitle(category), name(group)].filter(Boolean).join(' · '),
              data: labels.map((l) => {
                const v = at(l, group)?.acceptance?.[category];
                return v == null ? null : v * 100;
              }),
              borderColor: c,
              backgroundColor: c,
              spanGaps: false,
            };
          }),
        ),
      },
      options: { scales: { y: { min: 0, max: 100, title: { display: true, text: '%' } } } },
    });
    draw(decisions, {
      type: 'bar',
      data: {
        labels: shownLabels,
        datasets: groups.map((group, i) => ({
          label: name(group) || this.t('decisions'),
          data: labels.map((l) => at(l, group)?.decisions ?? null),
          backgroundColor: PALETTE[i % PALETTE.length]!,
        })),
      },
      // Decisions are whole: no tick between 1 and 2.
      options: { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } } },
    });
  }

  override render() {
    const t = this.t;
    return html`
      <header>
        <h1>${t('title')}</h1>
        <div>
          ${this.me ? html`<span>${t('signedInAs', { name: this.me.name, role: this.me.role })}</span>` : nothing}
          <button class="secondary" lang=${t('languageName')} @click=${() => (this.lang = this.lang == 'fr' ? 'en' : 'fr')}>${t('language')}</button>
          ${this.me ? html`<button class="secondary" @click=${this.signOut}>${t('signOut')}</button>` : nothing}
        </div>
      </header>
      <main lang=${this.lang}>
        ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
        ${this.me ? this.renderBoard() : this.renderSignIn()}
      </main>`;
  }

  private renderSignIn() {
    const t = this.t;
    const submit = (e: SubmitEvent) => {
      e.preventDefault();
      const input = (e.target as HTMLFormElement).elements.namedItem('token') as HTMLInputElement;
      void this.signIn(input.value.trim());
    };
    return html`
      <h2>${t('signInTitle')}</h2>
      <form @submit=${submit}>
        <label>${t('token')}
          <input name="token" type="password" autocomplete="off" required aria-describedby="token-help">
        </label>
        <button type="submit">${t('signIn')}</button>
      </form>
      <p id="token-help" class="note">${t('tokenHelp')}</p>`;
  }

  private renderBoard() {
    const t = this.t;
    const stats = this.stats;
    const set = (key: keyof TemoinDashboard['period']) => (e: Event) => {
      this.period = { ...this.period, [key]: (e.target as HTMLInputElement).value };
    };
    const apply = (e: SubmitEvent) => {
      e.preventDefault();
      void this.loadStats();
    };
    const interval = t(this.period.interval);
    return html`
      <section aria-labelledby="period-title">
        <h2 id="period-title">${t('period')}</h2>
        <form @submit=${apply}>
          <label>${t('from')} <input type="date" .value=${this.period.from} @change=${set('from')}></label>
          <label>${t('to')} <input type="date" .value=${this.period.to} @change=${set('to')}></label>
          <label>${t('interval')}
            <select @change=${set('interval')}>
              ${(['day', 'week'] as const).map((i) => html`<option value=${i} ?selected=${this.period.interval == i}>${t(i)}</option>`)}
            </select>
          </label>
          <label>${t('splitBy')}
            <select @change=${set('by')}>
              <option value="" ?selected=${!this.period.by}>${t('none')}</option>
              <option value="revision" ?selected=${this.period.by == 'revision'}>${t('revision')}</option>
              <option value="language" ?selected=${this.period.by == 'language'}>${t('lang')}</option>
            </select>
          </label>
          <button type="submit">${t('apply')}</button>
        </form>
        ${stats ? html`<p class="note">${t('suppressedNote', { min: stats.minCell })}</p>` : nothing}
      </section>
      ${this.renderChart('acceptance', t('acceptanceTitle'))}
      ${this.renderChart('decisions', t('decisionsTitle', { interval: interval.toLowerCase() }))}
      ${stats ? this.renderStatsTable(stats) : html`<p>${t('loading')}</p>`}
      ${this.renderChain()}
      ${this.renderRecent()}
      ${this.renderView()}
      ${this.me?.role == 'admin' ? this.renderAccess() : nothing}`;
  }

  private renderChart(id: string, title: string) {
    const n = new Set(this.stats?.buckets.map((b) => b.start)).size;
    const hidden = this.suppressedNote();
    const summary = [this.t('chartSummary', { title, n }), hidden].filter(Boolean).join(' ');
    return html`
      <section aria-labelledby="${id}-title">
        <h2 id="${id}-title">${title}</h2>
        ${this.stats && !this.stats.buckets.length ? html`<p>${this.t('noData')}</p>` : nothing}
        ${hidden ? html`<p class="note" id="${id}-hidden">${hidden}</p>` : nothing}
        <div class="chart"><canvas id=${id} role="img" aria-label=${summary}></canvas></div>
      </section>`;
  }

  /** Says which periods a chart leaves out because they hold too few decisions to show. */
  private suppressedNote(): string {
    const buckets = this.stats?.buckets ?? [];
    const hidden = buckets.filter((b) => b.suppressed).length;
    if (!hidden) return '';
    const min = this.stats!.minCell;
    return hidden == buckets.length
      ? this.t('allSuppressed', { min })
      : this.t(hidden == 1 ? 'oneSuppressed' : 'someSuppressed', { n: hidden, total: buckets.length, min });
  }

  private renderStatsTable(stats: Stats) {
    const t = this.t;
    const pct = (v: number | null | undefined) =>
      v == null ? t('suppressed', { min: stats.minCell }) : this.f.percent(v);
    return html`
      <details>
        <summary>${t('showData')}</summary>
        <div class="scroll" tabindex="0" role="region" aria-label=${t('showData')}>
          <table id="stats-table">
            <thead><tr>
              <th scope="col">${t('bucket')}</th>
              ${stats.by ? html`<th scope="col">${t('group')}</th>` : nothing}
              <th scope="col">${t('decisions')}</th>
              ${stats.categories.map((c) => html`<th scope="col">${this.categoryTitle(c)}</th>`)}
              <th scope="col">${t('acceptAll')}</th><th scope="col">${t('rejectAll')}</th><th scope="col">${t('gpc')}</th>
            </tr></thead>
            <tbody>${stats.buckets.map(
              (b) => html`<tr>
              <th scope="row">${this.f.day(b.start)}</th>
              ${stats.by ? html`<td>${b.group}</td>` : nothing}
              ${
                b.suppressed
                  ? html`<td colspan=${stats.categories.length + 4}>${t('suppressed', { min: stats.minCell })}</td>`
                  : html`<td>${b.decisions}</td>${stats.categories.map((c) => html`<td>${pct(b.acceptance?.[c])}</td>`)}
                  <td>${pct(b.acceptAll)}</td><td>${pct(b.rejectAll)}</td><td>${pct(b.gpc)}</td>`
              }
            </tr>`,
            )}</tbody>
          </table>
        </div>
      </details>`;
  }

  private renderChain() {
    const v = this.verify;
    return html`
      <section aria-labelledby="chain-title">
        <h2 id="chain-title">${this.t('chainTitle')}</h2>
        <p id="chain-status" class=${v ? (v.ok ? 'ok' : 'error') : ''}>${
          !v
            ? this.t('loading')
            : v.ok
              ? this.t('chainOk', { n: v.checked })
              : this.t('chainBroken', { seq: v.brokenSeq, reason: v.reason })
        }</p>
      </section>`;
  }

  private renderRecent() {
    const t = this.t;
    const set = (key: keyof TemoinDashboard['recentFilter']) => (e: Event) => {
      this.recentFilter = { ...this.recentFilter, [key]: (e.target as HTMLInputElement).value };
    };
    const apply = (e: SubmitEvent) => {
      e.preventDefault();
      void this.loadRecent();
    };
    const download = (format: 'csv' | 'jsonl') => () =>
      void this.guard(() => this.api!.download(this.recentQuery(), format));
    const events: Key[] = ['given', 'refused', 'updated', 'withdrawn', 'expired'];
    return html`
      <section>
        <h2 id="recent-title">${t('recentTitle')}</h2>
        <form @submit=${apply}>
          <label>${t('event')}
            <select @change=${set('event')}>
              <option value="">${t('anyEvent')}</option>
              ${events.map((e) => html`<option value=${e} ?selected=${this.recentFilter.event == e}>${t(e)}</option>`)}
            </select>
          </label>
          <label>${t('category')}
            <select @change=${set('category')}>
              <option value="">${t('anyCategory')}</option>
              ${(this.stats?.categories ?? []).map((c) => html`<option value=${c} ?selected=${this.recentFilter.category == c}>${this.categoryTitle(c)}</option>`)}
            </select>
          </label>
          <label>${t('principal')} <input class="id-input mono" .value=${this.recentFilter.principal} @change=${set('principal')} aria-describedby="principal-help"></label>
          <button type="submit">${t('filter')}</button>
          <button type="button" class="secondary" @click=${download('csv')}>${t('download', { format: 'CSV' })}</button>
          <button type="button" class="secondary" @click=${download('jsonl')}>${t('download', { format: 'JSONL' })}</button>
        </form>
        <p id="principal-help" class="note">${t('principalHelp')}</p>
        ${
          !this.recent
            ? html`<p>${t('loading')}</p>`
            : html`
          <div class="scroll" tabindex="0" role="region" aria-labelledby="recent-title">
            <table id="recent-table">
              <thead><tr>
                <th scope="col">${t('seq')}</th><th scope="col">${t('when')}</th><th scope="col">${t('event')}</th>
                <th scope="col">${t('method')}</th><th scope="col">${t('lang')}</th><th scope="col">${t('revision')}</th>
                <th scope="col">${t('principal')}</th><th scope="col">${t('granted')}</th>
              </tr></thead>
              <tbody>${this.recent.map(
                (row) => html`<tr>
                <td><button type="button" class="link" aria-label=${t('openReceipt', { seq: row.seq })} @click=${() => void this.open({ receipt: row })}>${row.seq}</button></td>
                <td>${this.f.time(row.receipt.timestamp)}</td><td>${t(row.receipt.event)}</td>
                <td>${row.receipt.collectionMethod}</td><td>${row.receipt.language}</td><td>${row.receipt.revision}</td>
                <td class="mono" title=${row.receipt.principal}><button type="button" class="link mono" aria-label=${t('openVisitor', { id: row.receipt.principal.slice(0, 8) })} @click=${() => void this.openVisitor(row.receipt.principal)}>${row.receipt.principal.slice(0, 8)}</button></td>
                <td>${grantedAfter(row, (category) => this.categoryTitle(category)) || '–'}</td>
              </tr>`,
              )}</tbody>
            </table>
          </div>`
        }
      </section>`;
  }

  private renderAccess() {
    const t = this.t;
    return html`
      <section>
        <h2 id="access-title">${t('accessTitle')}</h2>
        ${
          !this.access
            ? html`<p>${t('loading')}</p>`
            : html`
          <div class="scroll" tabindex="0" role="region" aria-labelledby="access-title">
            <table id="access-table">
              <thead><tr>
                <th scope="col">${t('at')}</th><th scope="col">${t('who')}</th><th scope="col">${t('what')}</th>
                <th scope="col">${t('filters')}</th><th scope="col">${t('rows')}</th>
              </tr></thead>
              <tbody>${this.access.map(
                (e) => html`<tr>
                <td>${this.f.time(e.at)}</td><td>${e.actor}</td>
                <td>${e.action}${e.refused ? html`<br><strong>${t('refusedBecause', { reason: e.refused })}</strong>` : nothing}</td>
                <td class="mono">${JSON.stringify(e.filters).replaceAll(',"', ', "')}</td><td>${e.rows}</td>
              </tr>`,
              )}</tbody>
            </table>
          </div>`
        }
      </section>`;
  }
}
