/* onrecord widget: tell the embedding page how tall this widget is, so embed.js can size
   the iframe. The height is not secret, so any parent may read it; embed.js checks that
   the message comes from our origin and from the frame it created. */
(function () {
  "use strict";
  if (window.parent === window) { return; }
  var last = 0;
  function post() {
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === last) { return; }
    last = height;
    window.parent.postMessage({ type: "onrecord:height", height: height }, "*");
  }
  if (window.ResizeObserver) {
    new ResizeObserver(post).observe(document.documentElement);
  } else {
    window.addEventListener("resize", post);
  }
  window.addEventListener("load", post);
  post();
})();
