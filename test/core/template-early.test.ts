// A <template> the parser met before the Témoin script ran (temoin check says Témoin holds what
// its copy loads, wherever the template stands): marked as the blocker starts (review44b).
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
