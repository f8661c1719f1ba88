// `temoin assets` guesses where the site serves the folder, for the tag it prints.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { servedPath } from '../../src/collector/assets.js';

void describe('temoin assets: the path in the printed tag', () => {
  void it('drops a web root, keeps the rest, and never prints a path outside the site', () => {
    const cwd = '/srv/site';
    assert.equal(servedPath('./public/temoin', cwd), '/temoin');
    assert.equal(servedPath('public', cwd), '');
    assert.equal(servedPath('.', cwd), '');
    assert.equal(servedPath('static/js/temoin', cwd), '/js/temoin');
    assert.equal(servedPath('temoin', cwd), '/temoin');
    assert.equal(servedPath('/var/www/html/temoin', cwd), '/temoin');
    assert.equal(servedPath('../other', cwd), '/temoin');
  });
});
