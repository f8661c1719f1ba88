// Placeholders stand in for blocked embeds, and load only what the visitor asks for.
import { expect } from 'chai';
import { cleanOrigin, pathsFrom, timeToShow, until, type Fixture } from '../support/fixture.js';
import { expectAccessible, openUI, part } from '../support/ui.js';

const placeholders = (f: Fixture) => [...f.doc.querySelectorAll('temoin-placeholder')];

async function withPlaceholders(fullscreen = false): Promise<Fixture> {
  const f = await openUI({ fullscreen, config: { manageButton: false } });
  await until(
    () => placeholders(f).length == 2 && placeholders(f).every((p) => p.shadowRoot?.querySelector('button')),
    'two placeholders',
  );
  return f;
}

describe('placeholder', () => {
  beforeEach(cleanOrigin);

  it('is accessible in light and dark schemes', async () => {
    const f = await withPlaceholders();
    f.doc.querySelector('temoin-banner')!.remove();
    await expectAccessible(f, 'placeholders');
  });

  it('takes the place and size of each blocked embed, naming the service and category', async () => {
    const f = await withPlaceholders(true);
    const [first] = placeholders(f);
    const embed = f.doc.getElementById('video-1')!;
    expect(first!.nextElementSibling).to.equal(embed);
    expect(getComputedStyle(embed).display).to.equal('none');
    const box = first!.getBoundingClientRect();
    expect(Math.round(box.width)).to.equal(400);
    expect(box.height).to.be.at.least(225);
    expect(part(first!, '[part="text"]').textContent).to.equal(
      'Ce contenu de Video (Video inc.) est bloqué : il a besoin de votre accord pour « Vidéos intégrées ».',
    );
    expect(await pathsFrom('www.video.test')).to.deep.equal([]);
  });

  it('loads only its own embed once, without granting the category', async () => {
    const f = await withPlaceholders();
    part(placeholders(f)[0]!, '[part~="once"]').click();
    await until(async () => (await pathsFrom('www.video.test')).includes('/one.html'), 'the first video');
    // Released with it, the other embeds would be requested by now.
    await timeToShow(300);
    expect(await pathsFrom('www.video.test')).to.deep.equal(['/one.html']);
    expect(f.win.temoin.granted('media')).to.equal(false);
    expect(f.win.temoin.get()).to.equal(null);
    expect(placeholders(f)).to.have.length(1);
    expect(getComputedStyle(f.doc.getElementById('video-1')!).display).to.not.equal('none');
  });

  it('always allows the category: every embed of it loads and the placeholders go', async () => {
    const f = await withPlaceholders();
    part(placeholders(f)[1]!, '[part~="always"]').click();
    await until(async () => {
      const paths = await pathsFrom('www.video.test');
      return paths.includes('/one.html') && paths.includes('/two.html');
    }, 'both videos');
    expect(f.win.temoin.granted('media')).to.equal(true);
    expect(f.win.temoin.get()!.method).to.equal('placeholder');
    await until(() => placeholders(f).length == 0, 'no placeholder left');
  });

  it('comes for an embed the page adds later, inside other markup, and goes with it', async () => {
    const f = await withPlaceholders();
    const wrapper = f.doc.createElement('div');
    wrapper.innerHTML =
      '<figure><iframe id="video-3" title="Vidéo 3" width="320" height="180" data-category="media" data-service="video"></iframe></figure>';
    wrapper.querySelector('iframe')!.dataset.src = `http://www.video.test:${location.port}/three.html`;
    f.doc.body.append(wrapper);
    await until(() => placeholders(f).length == 3, 'a third placeholder');
    expect(f.doc.getElementById('video-3')!.previousElementSibling!.localName).to.equal('temoin-placeholder');
    wrapper.remove();
    await until(() => placeholders(f).length == 2, 'the third placeholder gone');
    expect(await pathsFrom('www.video.test')).to.deep.equal([]);
  });

  it("speaks the page's language", async () => {
    const f = await openUI({ lang: 'en', config: { manageButton: false } });
    const p = await until(() => placeholders(f)[0]?.shadowRoot?.querySelector('[part="text"]'), 'a placeholder');
    expect(p.textContent).to.contain('This content from Video (Video inc.) is blocked');
  });
});
