// Review probe: `temoin check` notes that Témoin holds what a <template> loads once the page's code
// copies it, wherever the template is; one before the Témoin script is parsed before the blocker runs.
import { expect } from 'chai';
import { cleanOrigin, open, requests, timeToShow } from '../support/fixture.js';

describe('a template before the Témoin script', () => {
  beforeEach(cleanOrigin);

  it('holds what its copy loads, as temoin check says', async () => {
    const f = await open('template-early');
    await f.win.temoin.ready;
    f.doc.body.append(f.doc.querySelector<HTMLTemplateElement>('#early')!.content.cloneNode(true));
    await timeToShow(400);
    expect((await requests()).filter((r) => /(^|\.)(analytics|ads)\.test$/.test(r.host))).to.deep.equal([]);
    expect(f.win.__ran ?? []).to.deep.equal([]);
  });
});
