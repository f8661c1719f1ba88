// The dashboard page's module: registers <temoin-dashboard>.
import { TemoinDashboard } from './dashboard.js';

if (!customElements.get('temoin-dashboard')) customElements.define('temoin-dashboard', TemoinDashboard);

declare global {
  interface HTMLElementTagNameMap {
    'temoin-dashboard': TemoinDashboard;
  }
}
