// Paths beside those blocking-vectors4 closes: an attribute map whose element has an attribute
// named as one of the map's own words, subclasses and reflection of `Audio` (Node's own setters on
// an attribute node and SMIL's animation of an image's `href`: blocking-vectors6); and what the
// page does with them legitimately, which must still work.
import { expect } from 'chai';
import { cleanOrigin, open, pathsFrom, port, timeToShow, until } from '../support/fixture.js';

let n = 0;
const ads = (file: string) => `http://ads.test:${port}/${file}?n=${++n}`;
const svgNS = 'http://www.w3.org/2000/svg';

describe('blocking: attribute maps and nodes, probed', () => {
  beforeEach(cleanOrigin);

  it("holds an SVG image's href given by its map when the image has an attribute named ownerElement", async () => {
    const f = await open('empty');
    await f.win.temoin.ready;
    const { doc } = f;
    const svg = doc.body.appendChild(doc.createElementNS(svgNS, 'svg'));
    const image = svg.appendChild(doc.createElementNS(svgNS, 'image'));
    image.setAttribute('ownerElement', 'x');
    image.attributes.setNamedItem(Object.assign(doc.createAttribute('href'), { value: ads('map.gif') }));
    await timeToShow(300);
    expect(await pathsFrom('ads.test')).to.deep.equal([]);
  });

  it('holds a URL given to a node moved from one element to another', async () => {
    const f = await open('empty');
    await f.win.temoin.ready;
    const { doc } = f;
    const first = doc.createElement('img');
    first.setAttribute('src', '/own.gif');
    const node = first.getAttributeNode('src')!;
    first.removeAttributeNode(node);
    node.value = ads('moved.gif');
    const second = doc.createElement('img');
    second.setAttributeNode(node);
    const video = doc.createElement('video');
    video.attributes.setNamedItem(Object.assign(doc.createAttribute('poster'), { value: ads('poster.gif') }));
    const object = doc.createElement('object');
    object.setAttributeNode(Object.assign(doc.createAttribute('data'), { value: ads('data.gif') }));
    doc.body.append(object);
    await timeToShow(300);
    expect(await pathsFrom('ads.test')).to.deep.equal([]);
    await f.win.temoin.set({ marketing: true });
    await until(async () => (await pathsFrom('ads.test')).length >= 3, 'the three');
    expect(second.getAttributeNode('src')).to.equal(node);
  });

  it('sets a non-URL attribute node at once and returns the one replaced', async () => {
    const f = await open('empty');
    await f.win.temoin.ready;
    const { doc } = f;
    const img = doc.createElement('img');
    img.setAttribute('alt', 'a');
    const old = img.getAttributeNode('alt');
    const alt = Object.assign(doc.createAttribute('alt'), { value: 'b' });
    expect([
      img.setAttributeNode(alt) == old,
      img.alt,
      img.attributes.setNamedItem(old!) == alt,
      img.alt,
    ]).to.deep.equal([true, 'b', true, 'a']);
  });
});

describe('blocking: Audio, probed', () => {
  beforeEach(cleanOrigin);

  it('holds the URL given to a subclass, by Reflect.construct and by a bound Audio', async () => {
    const f = await open('empty');
    await f.win.temoin.ready;
    const { Audio } = f.win;
    class Sound extends Audio {}
    const sound = new Sound(ads('sub.mp3'));
    Reflect.construct(Audio, [ads('reflect.mp3')]);
    new (Audio.bind(null, ads('bound.mp3')))();
    await timeToShow(300);
    expect(await pathsFrom('ads.test')).to.deep.equal([]);
    expect(sound instanceof Sound).to.equal(true);
  });

  it('loads a same-origin Audio at once', async () => {
    const f = await open('empty');
    await f.win.temoin.ready;
    const audio = new f.win.Audio('/__own.js?name=audio');
    expect(audio.src).to.match(/__own\.js/);
  });
});

describe('blocking: a copy of a waiting script, probed', () => {
  beforeEach(cleanOrigin);

  it("runs a copy of a waiting script's attributes given an allowed src", async () => {
    const f = await open('empty');
    await f.win.temoin.ready;
    const { doc } = f;
    const waiting = doc.createElement('script');
    waiting.src = ads('original.js');
    doc.body.append(waiting);
    const copy = doc.createElement('script');
    for (const { name, value } of waiting.attributes) copy.setAttribute(name, value);
    copy.src = '/__own.js?name=copy';
    doc.body.append(copy);
    await until(() => f.win.__ran?.includes('own:copy'), 'the copy');
  });

  it('runs once, as a module, a held script given its type by attribute node', async () => {
    const f = await open('empty');
    await f.win.temoin.ready;
    const { doc } = f;
    const script = doc.createElement('script');
    script.src = ads('module.js');
    script.setAttributeNode(Object.assign(doc.createAttribute('type'), { value: 'module' }));
    doc.body.append(script);
    expect(script.type).to.equal('held/module');
    await f.win.temoin.set({ marketing: true });
    await until(() => f.win.__ran?.length, 'the script');
    await timeToShow(300);
    expect([f.win.__ran, script.type]).to.deep.equal([['ads.test/module.js'], 'module']);
  });
});
