// The page's gtag, as Google's snippet defines it: Témoin pushes Consent Mode commands into it.
window.dataLayer = window.dataLayer || [];
window.gtag = function gtag() {
  window.dataLayer.push(arguments);
};
