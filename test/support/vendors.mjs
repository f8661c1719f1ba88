// Stand-ins for the vendors' own hosts (www.googletagmanager.com, connect.facebook.net…), so that
// their snippets are tested verbatim and the service templates with their real hosts. Chromium
// sends those names here (`--host-resolver-rules`, with this server's port) and takes its
// self-signed certificate; one port answers `https:` and `http:` (protocol-relative snippets on a
// test page served over `http:`). Every request is logged with the test server's (`/__log`).
// Each script behaves as the vendor's does with the browser APIs that matter (what it adds, how,
// what it calls) and reports what it did in `window.__vendors`.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttp } from 'node:http';
import { createServer as createHttps } from 'node:https';
import { createServer as createNet } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The names the stand-ins answer for. */
export const vendorHosts = [
  'www.googletagmanager.com',
  'region1.google-analytics.com',
  'connect.facebook.net',
  'www.facebook.com',
  'platform.linkedin.com',
  'www.linkedin.com',
  'static.hotjar.com',
  'script.hotjar.com',
  'in.hotjar.com',
  'cdn.matomo.cloud',
  'ville.matomo.cloud',
  'plausible.io',
  'www.youtube.com',
  'maps.googleapis.com',
  'maps.gstatic.com',
  'www.google.com',
  'www.gstatic.com',
  'platform.twitter.com',
  'www.instagram.com',
  'player.vimeo.com',
  'js.hsforms.net',
  'forms.hsforms.com',
  'widget.intercom.io',
  'js.intercomcdn.com',
  'api-iam.intercom.io',
  'snap.licdn.com',
  'px.ads.linkedin.com',
  'analytics.tiktok.com',
];

const GIF = Buffer.from('R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64');

/** Says what a stand-in did, in the page. */
const REPORT = 'var report=function(s){(window.__vendors=window.__vendors||[]).push(s)};';
/** Adds a script as vendors do: created, async, before the page's first script. */
const ADD = `var add=function(src){var s=document.createElement('script');s.async=true;s.src=src;var f=document.getElementsByTagName('script')[0];f.parentNode.insertBefore(s,f);return s};`;
/** An embedded page that tells its parent it is ready, as players do with postMessage. */
const EMBED = (name) =>
  `<!doctype html><title>${name}</title><p>${name}<script>var ready=function(){parent.postMessage({vendor:${JSON.stringify(name)},event:'ready'},'*')};ready();addEventListener('message',function(e){if(e.data=='ping')ready()})</script>`;

/** Meta's SDK in `locale` (see scripts), from its query `q`. */
const metaSdk = (locale, q) =>
  q.hash
    ? `${REPORT}var render=function(version){report('fb:sdk:'+version);
    document.querySelectorAll('.fb-page').forEach(function(d){var f=document.createElement('iframe');
      f.src='https://www.facebook.com/'+version+'/plugins/page.php?href='+encodeURIComponent(d.getAttribute('data-href'))+'&locale=${locale}&sdk=joey';d.appendChild(f)});
    fetch('https://www.facebook.com/x/oauth/status?client_id=1&sdk=joey',{credentials:'include'}).then(function(){report('fb:status')})};
    ${q.version ? `render(${JSON.stringify(q.version)});` : `window.FB={init:function(o){render(o.version)}};if(window.fbAsyncInit)window.fbAsyncInit();`}`
    : `${ADD}var v=/version=(v[\\d.]+)/.exec(document.currentScript.src);add('https://connect.facebook.net/${locale}/sdk.js?hash=1&version='+(v?v[1]:''));`;

/** Stand-in scripts by host and path; `q` is the query. */
const scripts = {
  'www.googletagmanager.com/gtm.js': (q) => `${REPORT}${ADD}
    var dl=window[${JSON.stringify(q.l ?? 'dataLayer')}]||[];
    report(dl.some(function(e){return e&&e.event=='gtm.js'&&e['gtm.start']})?'gtm:start':'gtm:no-start');
    var push=dl.push;dl.push=function(e){if(e&&e.event)report('gtm:event:'+e.event);return push.apply(dl,arguments)};
    if(document.readyState=='loading')document.addEventListener('DOMContentLoaded',function(){report('gtm:dom')});else report('gtm:dom');
    if(document.readyState!='complete')addEventListener('load',function(){report('gtm:load')});else report('gtm:load');
    add('https://www.googletagmanager.com/gtag/js?id=G-GTMTAG&l=dataLayer');
    var i=new Image();i.src='https://www.facebook.com/tr?id=1&ev=FromGTM';
    report('gtm:ran:'+${JSON.stringify(q.id ?? '')});`,
  'www.googletagmanager.com/gtag/js': (q) => `${REPORT}
    var dl=window.dataLayer=window.dataLayer||[];
    var seen=function(a){if(a&&a[0]=='config'){report('gtag:config:'+a[1]);navigator.sendBeacon('https://region1.google-analytics.com/g/collect?tid='+a[1]+'&en=page_view')}};
    for(var i=0;i<dl.length;i++)seen(dl[i]);
    var push=dl.push;dl.push=function(a){seen(a);return push.apply(dl,arguments)};
    report('gtag:ran:'+${JSON.stringify(q.id ?? '')});`,
  'connect.facebook.net/en_US/fbevents.js': () => `${REPORT}
    var f=window.fbq;if(!f||!f.queue){console.error('fbevents: no fbq stub');}else{
    var run=function(a){report('fbq:'+a[0]+':'+a[1]);if(a[0]=='track'){var i=new Image();i.src='https://www.facebook.com/tr/?id=1&ev='+a[1]}};
    f.callMethod=function(){run([].slice.call(arguments))};
    f.queue.forEach(function(a){run([].slice.call(a))});f.queue=[];
    var s=document.createElement('script');s.async=true;s.src='https://connect.facebook.net/signals/config/1.js?v=2.9';document.head.appendChild(s);}`,
  'connect.facebook.net/signals/config/1.js': () => `${REPORT}report('fbq:signals')`,
  'static.hotjar.com/c/hotjar-1.js': () => `${REPORT}${ADD}
    report('hj:loader:'+(window._hjSettings&&window._hjSettings.hjid));add('https://script.hotjar.com/modules.1.js');`,
  'script.hotjar.com/modules.1.js': () => `${REPORT}
    var q=(window.hj&&window.hj.q)||[];window.hj=function(){report('hj:call:'+arguments[0])};
    q.forEach(function(a){window.hj.apply(null,a)});
    fetch('https://in.hotjar.com/api/v2/client/sites/1/visit-data',{method:'POST',body:'{}'}).then(function(){report('hj:sent')},function(){report('hj:failed')});`,
  'cdn.matomo.cloud/ville.matomo.cloud/matomo.js': () => `${REPORT}
    var q=window._paq||[];var url='';var site='';
    var run=function(a){if(a[0]=='setTrackerUrl')url=a[1];if(a[0]=='setSiteId')site=a[1];if(a[0]=='trackPageView'){pending=true}};
    var pending=false;q.forEach(run);
    window._paq={push:function(){for(var i=0;i<arguments.length;i++)run(arguments[i]);send()}};
    var send=function(){if(!pending)return;pending=false;var u=url+'?idsite='+site+'&rec=1';
      if(!navigator.sendBeacon(u)){var i=new Image();i.src=u}report('matomo:pageview:'+site)};
    send();`,
  'plausible.io/js/script.js': () => `${REPORT}
    var me=document.currentScript;var domain=me&&me.getAttribute('data-domain');
    var x=new XMLHttpRequest();x.open('POST','https://plausible.io/api/event',true);
    x.onreadystatechange=function(){if(x.readyState==4)report('plausible:'+(x.status?'sent':'failed'))};
    x.send(JSON.stringify({n:'pageview',d:domain}));report('plausible:domain:'+domain);`,
  'www.youtube.com/iframe_api': () => `${REPORT}
    var YT=window.YT=window.YT||{loading:0,loaded:0};window.YTConfig=window.YTConfig||{host:'https://www.youtube.com'};
    if(!YT.loading){YT.loading=1;var a=document.createElement('script');a.src='https://www.youtube.com/s/player/1/www-widgetapi.js';a.async=true;
    var c=document.currentScript;if(c){var n=c.nonce||c.getAttribute('nonce');if(n)a.setAttribute('nonce',n)}
    var b=document.getElementsByTagName('script')[0];b.parentNode.insertBefore(a,b)}report('yt:api')`,
  'www.youtube.com/s/player/1/www-widgetapi.js': () => `${REPORT}
    YT.Player=function(el,o){if(typeof el=='string')el=document.getElementById(el);var p=this;var f=el;
      addEventListener('message',function(e){if(e.source==f.contentWindow&&e.data&&e.data.vendor=='youtube'){report('yt:ready');o.events&&o.events.onReady&&o.events.onReady({target:p})}});
      // An iframe of the page is taken as it is, and asked whether it is ready (it may have loaded).
      if(el.nodeName=='IFRAME')el.contentWindow&&el.contentWindow.postMessage('ping','*');else{
      f=document.createElement('iframe');f.id=el.id;f.width=o.width||640;f.height=o.height||360;f.title='YouTube video player';
      f.setAttribute('src','https://www.youtube.com/embed/'+o.videoId+'?enablejsapi=1&widgetid=1');
      el.parentNode.replaceChild(f,el)}report('yt:player');this.getIframe=function(){return f};this.playVideo=function(){report('yt:play')}};
    YT.loaded=1;report('yt:widgetapi');if(typeof onYouTubeIframeAPIReady=='function')onYouTubeIframeAPIReady();`,
  'maps.googleapis.com/maps/api/js': (q) => `${REPORT}
    window.google=window.google||{};google.maps={Map:function(el,o){var t=document.createElement('img');t.alt='';t.src='https://maps.googleapis.com/maps/vt?pb=1';el.appendChild(t);report('maps:map')}};
    var s=document.createElement('script');s.src='https://maps.googleapis.com/maps-api-v3/api/js/57/main.js';s.onload=function(){
      var cb=window[${JSON.stringify(q.callback ?? '')}];if(typeof cb=='function'){report('maps:callback');cb()}else if(${JSON.stringify(q.callback ?? '')})console.error('InvalidValueError: '+${JSON.stringify(q.callback ?? '')}+' is not a function')};
    document.head.appendChild(s);report('maps:loader')`,
  'maps.googleapis.com/maps-api-v3/api/js/57/main.js': () => `${REPORT}report('maps:main')`,
  'www.google.com/recaptcha/api.js': (q) => `${REPORT}
    var w=window,C='___grecaptcha_cfg',cfg=w[C]=w[C]||{},N='grecaptcha';var gr=w[N]=w[N]||{};
    gr.ready=gr.ready||function(f){(cfg['fns']=cfg['fns']||[]).push(f)};
    (cfg['render']=cfg['render']||[]).push(${JSON.stringify(q.render ?? 'onload')});
    ${q.onload ? `(cfg['onload']=cfg['onload']||[]).push(${JSON.stringify(q.onload)});` : ''}
    var d=document,po=d.createElement('script');po.type='text/javascript';po.async=true;
    po.src='https://www.gstatic.com/recaptcha/releases/1/recaptcha__fr.js';po.crossOrigin='anonymous';
    var e=d.querySelector('script[nonce]'),n=e&&(e['nonce']||e.getAttribute('nonce'));if(n)po.setAttribute('nonce',n);
    var s=d.getElementsByTagName('script')[0];s.parentNode.insertBefore(po,s);report('recaptcha:api')`,
  'www.gstatic.com/recaptcha/releases/1/recaptcha__fr.js': () => `${REPORT}
    var cfg=window.___grecaptcha_cfg,gr=window.grecaptcha;
    var widget=function(el,key,size){var f=document.createElement('iframe');f.title='reCAPTCHA';
      f.src='https://www.google.com/recaptcha/api2/anchor?k='+key+'&size='+size;el.appendChild(f);report('recaptcha:widget:'+size);return 0};
    gr.render=function(el,o){if(typeof el=='string')el=document.getElementById(el);return widget(el,o.sitekey,o.size||'normal')};
    gr.execute=function(key,o){report('recaptcha:execute:'+(o&&o.action));return fetch('https://www.google.com/recaptcha/api2/reload?k='+key,{method:'POST'}).then(function(){return 'token'})};
    gr.ready=function(f){f()};
    var render=cfg.render[0];
    if(render=='onload'){var els=document.querySelectorAll('.g-recaptcha');for(var i=0;i<els.length;i++)widget(els[i],els[i].getAttribute('data-sitekey'),'normal')}
    else if(render!='explicit'){var b=document.createElement('div');document.body.appendChild(b);widget(b,render,'invisible')}
    (cfg.fns||[]).forEach(function(f){f()});
    (cfg.onload||[]).forEach(function(name){if(typeof window[name]=='function')window[name]()});report('recaptcha:ready')`,
  // Google Charts' loader, on reCAPTCHA's hosts but not its paths: `load` adds the chart's module
  // from www.gstatic.com/charts/, as the real one does, and calls back once it ran.
  'www.gstatic.com/charts/loader.js': () => `${REPORT}
    var g=window.google=window.google||{},ready=[],loaded=false;
    g.charts={load:function(v,o){var s=document.createElement('script');s.onload=function(){loaded=true;ready.splice(0).forEach(function(f){f()})};
      s.src='https://www.gstatic.com/charts/57/js/jsapi_compiled_'+o.packages.join('_')+'_module.js';document.head.appendChild(s);report('charts:load:'+v)},
      setOnLoadCallback:function(f){if(loaded)f();else ready.push(f)}};report('charts:loader')`,
  'www.gstatic.com/charts/57/js/jsapi_compiled_corechart_module.js': () => `${REPORT}
    google.visualization={arrayToDataTable:function(rows){return rows},
      PieChart:function(el){this.draw=function(rows){el.textContent=rows.length-1+' slices';report('charts:drawn')}}};report('charts:corechart')`,
  'platform.twitter.com/widgets.js': () => `${REPORT}
    var t=window.twttr=window.twttr||{};var queued=t._e||[];
    var load=function(root){var n=0;var q=(root||document).querySelectorAll('blockquote.twitter-tweet');for(var i=0;i<q.length;i++){
      var b=q[i],a=b.querySelectorAll('a'),id=/status\\/(\\d+)/.exec(a[a.length-1].href)[1];var f=document.createElement('iframe');f.title='X Post';
      f.src='https://platform.twitter.com/embed/Tweet.html?id='+id;b.parentNode.replaceChild(f,b);n++}report('twttr:rendered:'+n)};
    t.widgets={load:load};t.ready=function(f){f(t)};t._e=[];queued.forEach(function(f){f(t)});
    if(document.readyState=='loading')document.addEventListener('DOMContentLoaded',function(){load()});else load();`,
  'www.instagram.com/embed.js': () => `${REPORT}
    var process=function(){var q=document.querySelectorAll('blockquote.instagram-media');for(var i=0;i<q.length;i++){
      var b=q[i],f=document.createElement('iframe');f.title='Instagram';f.src=b.getAttribute('data-instgrm-permalink').split('?')[0]+'embed/';
      b.parentNode.replaceChild(f,b)}report('instgrm:processed:'+q.length)};
    window.instgrm={Embeds:{process:process}};process();`,
  'player.vimeo.com/api/player.js': () => `${REPORT}
    var isVimeo=function(u){return /^(https?:)?\\/\\/(player\\.)?vimeo\\.com\\//.test(u)};
    window.Vimeo={Player:function(el,o){if(typeof el=='string')el=document.getElementById(el);
      if(el.nodeName=='IFRAME'){if(!isVimeo(el.getAttribute('src')||''))throw new TypeError('The player element passed isn’t a Vimeo embed.')}
      else{var f=document.createElement('iframe');f.title='Vimeo';f.src='https://player.vimeo.com/video/'+(o&&o.id||el.getAttribute('data-vimeo-id'));el.appendChild(f);el=f}
      var handlers={};addEventListener('message',function(e){if(e.source==el.contentWindow&&e.data&&e.data.vendor=='vimeo'){report('vimeo:loaded');(handlers.loaded||[]).forEach(function(h){h()})}});
      this.on=function(n,h){(handlers[n]=handlers[n]||[]).push(h)};this.element=el;report('vimeo:player');
      // As @vimeo/player does: an embed that loaded before the player was made answers a ping.
      if(el.contentWindow)el.contentWindow.postMessage('ping','*')}};
    report('vimeo:api')`,
  'js.hsforms.net/forms/embed/v2.js': () => `${REPORT}
    window.hbspt={forms:{create:function(o){var me=document.currentScript;var box=document.createElement('div');box.className='hbspt-form';
      if(o.target)document.querySelector(o.target).appendChild(box);else if(me&&me.parentNode)me.parentNode.insertBefore(box,me.nextSibling);else{console.error('hbspt: no target');return}
      var x=new XMLHttpRequest();x.open('GET','https://forms.hsforms.com/embed/v3/form/'+o.portalId+'/'+o.formId+'/json');
      x.onload=function(){box.innerHTML='<form class="hs-form"><input name="email"></form>';report('hbspt:form');o.onFormReady&&o.onFormReady()};
      x.onerror=function(){report('hbspt:failed')};x.send()}}};report('hbspt:api')`,
  'widget.intercom.io/widget/abc123': () =>
    `${REPORT}${ADD}report('intercom:widget');add('https://js.intercomcdn.com/frame-modern.1.js')`,
  'js.intercomcdn.com/frame-modern.1.js': () => `${REPORT}
    var ic=window.Intercom,q=(ic&&ic.q)||[];var boot=function(s){var d=document.createElement('div');d.className='intercom-launcher';document.body.appendChild(d);
      fetch((s&&s.api_base||'https://api-iam.intercom.io')+'/messenger/web/ping',{method:'POST'}).then(function(){report('intercom:ping')});report('intercom:boot:'+(s&&s.app_id))};
    window.Intercom=function(c,a){report('intercom:call:'+c);if(c=='boot'||c=='update')boot(a||window.intercomSettings)};
    q.forEach(function(a){window.Intercom.apply(null,a)});if(window.intercomSettings)boot(window.intercomSettings);`,
  'snap.licdn.com/li.lms-analytics/insight.min.js': () => `${REPORT}
    var ids=window._linkedin_data_partner_ids||[];ids.forEach(function(id){var i=new Image();i.src='https://px.ads.linkedin.com/collect/?pid='+id+'&fmt=js';report('lintrk:pid:'+id)});
    var q=(window.lintrk&&window.lintrk.q)||[];window.lintrk=function(a,b){report('lintrk:'+a)};q.forEach(function(a){window.lintrk(a[0],a[1])});`,
  // Meta's SDK, in the French and the English pages' locales: sdk.js loads the SDK itself
  // (sdk.js?hash=…), which frames each plugin under the version it runs (#version=, else the one
  // window.fbAsyncInit gives FB.init) and asks for the visitor's login status. The English one sits beside the pixel's fbevents.js.
  'connect.facebook.net/fr_CA/sdk.js': (q) => metaSdk('fr_CA', q),
  'connect.facebook.net/en_US/sdk.js': (q) => metaSdk('en_US', q),
  // LinkedIn's plugins: in.js loads its framework, which frames the follow button.
  'platform.linkedin.com/in.js': () =>
    `${ADD}add('https://platform.linkedin.com/js/secureAnonymousFramework?v=1&lang=fr_FR');`,
  'platform.linkedin.com/js/secureAnonymousFramework': () => `${REPORT}report('in:framework');
    document.querySelectorAll('script[type="IN/FollowCompany"]').forEach(function(s){var f=document.createElement('iframe');
      f.src='https://www.linkedin.com/pages-extensions/FollowCompany?id='+s.getAttribute('data-id')+'&counter=bottom';s.parentNode.insertBefore(f,s)});`,
  'analytics.tiktok.com/i18n/pixel/events.js': (q) => `${REPORT}
    var ttq=window[window.TiktokAnalyticsObject||'ttq'];var calls=ttq.slice();ttq.length=0;
    var send=function(ev){return fetch('https://analytics.tiktok.com/api/v2/pixel',{method:'POST',body:JSON.stringify({event:ev,sdkid:${JSON.stringify(q.sdkid ?? '')}})}).then(function(){report('ttq:sent:'+ev)})};
    ttq.page=function(){send('Pageview')};ttq.track=function(e){send(e)};
    calls.forEach(function(c){if(ttq[c[0]])ttq[c[0]].apply(ttq,c.slice(1))});report('ttq:loaded:'+${JSON.stringify(q.sdkid ?? '')})`,
};

/** Embedded pages, by host and path prefix. */
const pages = [
  ['www.youtube.com/embed/', 'youtube'],
  ['player.vimeo.com/video/', 'vimeo'],
  ['platform.twitter.com/embed/', 'twitter'],
  ['www.instagram.com/p/', 'instagram'],
  ['www.google.com/recaptcha/api2/anchor', 'recaptcha'],
  ['www.googletagmanager.com/ns.html', 'gtm-noscript'],
  ['www.google.com/maps/embed', 'maps-embed'],
  ['www.facebook.com/v19.0/plugins/', 'fb-page'],
  ['www.linkedin.com/pages-extensions/', 'in-follow'],
];

/** Starts the stand-ins on `port` (0: any free one); resolves to the port. */
export function startVendors(log, port = 0) {
  const dir = mkdtempSync(join(tmpdir(), 'temoin-vendors-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=vendors.test',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  const tls = { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
  rmSync(dir, { recursive: true, force: true });
  const answer = (req, res) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    const url = new URL(req.url, 'http://x');
    log.push({ host, path: url.pathname, search: url.search, method: req.method });
    const headers = {
      'Access-Control-Allow-Origin': req.headers.origin ?? '*',
      'Access-Control-Allow-Credentials': 'true',
      'Cache-Control': 'no-store',
      'Timing-Allow-Origin': '*',
    };
    const key = host + url.pathname;
    const script = scripts[key];
    if (script) {
      res.writeHead(200, { ...headers, 'Content-Type': 'application/javascript' });
      // In a function of its own, as vendors ship them: no global `var` shared between two.
      return res.end(`(function(){${script(Object.fromEntries(url.searchParams))}\n})();`);
    }
    const page = pages.find(([prefix]) => key.startsWith(prefix));
    if (page) {
      res.writeHead(200, { ...headers, 'Content-Type': 'text/html' });
      return res.end(EMBED(page[1]));
    }
    if (
      /\/(tr|collect|vt)\/?$/.test(url.pathname) ||
      url.pathname.endsWith('.gif') ||
      url.pathname.endsWith('matomo.php')
    ) {
      res.writeHead(200, { ...headers, 'Content-Type': 'image/gif' });
      return res.end(GIF);
    }
    if (key == 'forms.hsforms.com' + url.pathname && url.pathname.endsWith('/json')) {
      res.writeHead(200, { ...headers, 'Content-Type': 'application/json' });
      return res.end('{}');
    }
    res.writeHead(204, headers);
    res.end();
  };
  const https = createHttps(tls, answer);
  const http = createHttp(answer);
  // One port for both: a TLS handshake starts with byte 22.
  const server = createNet((socket) => {
    socket.once('data', (first) => {
      socket.pause();
      socket.unshift(first);
      (first[0] == 22 ? https : http).emit('connection', socket);
      process.nextTick(() => socket.resume());
    });
    socket.on('error', () => {});
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.unref();
      resolve(server.address().port);
    });
  });
}
