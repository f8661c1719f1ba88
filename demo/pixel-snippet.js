// A Meta-style pixel snippet, as sites paste it: it adds its own script and an image pixel.
// Marked with data-category="marketing", it runs only after consent.
(function () {
  const snippet = document.currentScript;
  const script = document.createElement('script');
  script.async = true;
  script.src = snippet.dataset.pixelSrc;
  document.head.append(script);
  const img = new Image(1, 1);
  img.src = snippet.dataset.pixelSrc.replace('fbevents.js', 'tr.gif');
})();
