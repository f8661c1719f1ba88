// The preference center and the history inside it, in a chunk of their own: a first visit that
// only answers the banner never downloads them.
import { define } from './define.js';
import { TemoinHistory } from './history/history.js';
import { TemoinPreferences } from './preferences/preferences.js';

define({ 'temoin-preferences': TemoinPreferences, 'temoin-history': TemoinHistory });
