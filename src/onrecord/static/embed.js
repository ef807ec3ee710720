/* onrecord embed.js: turns links to onrecord verdicts and speakers into widget iframes.

   <a class="onrecord-verdict" href="https://SITE/verdicts/12">…</a>
   <a class="onrecord-speaker" href="https://SITE/people/anna-varga">…</a>
   <script async src="https://SITE/embed.js"></script>

   Only links to the site this script came from are replaced (data-theme="dark" or
   "compact" picks a theme). Each widget reports its height by postMessage; a message
   is believed only if it comes from that site's origin and from a frame made here.
   Our own code, no dependencies, no cookies, nothing loaded from anyone else. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !script.src || !window.URL) { return; }
  var src = new URL(script.src, document.baseURI);
  var origin = src.origin;
  var root = src.pathname.replace(/embed\.js$/, "");  // the app's script root, ending in "/"
  var registry = window.__onrecordEmbed = window.__onrecordEmbed || {};
  if (registry[origin]) { registry[origin].scan(); return; }

  var frames = [];
  var routes = [
    [/^verdicts\/([1-9][0-9]*)\/?$/, "embed/reviews/", 320],
    [/^people\/([a-z0-9][a-z0-9-]*)\/?$/, "embed/speakers/", 480]
  ];
  var themes = { light: 1, dark: 1, compact: 1 };

  function widgetFor(link) {
    var url;
    try { url = new URL(link.getAttribute("href"), document.baseURI); } catch (e) { return null; }
    if (url.origin !== origin || url.pathname.indexOf(root) !== 0) { return null; }
    var rest = url.pathname.slice(root.length);
    for (var i = 0; i < routes.length; i++) {
      var match = routes[i][0].exec(rest);
      if (match) {
        var theme = link.getAttribute("data-theme");
        var query = theme && themes[theme] ? "?theme=" + theme : "";
        return { src: origin + root + routes[i][1] + match[1] + query, height: routes[i][2] };
      }
    }
    return null;
  }

  function replace(link) {
    var widget = widgetFor(link);
    if (!widget) { return; }
    var frame = document.createElement("iframe");
    frame.src = widget.src;
    frame.title = (link.textContent || "").trim() || "onrecord fact-check";
    frame.className = "onrecord-embed";
    frame.setAttribute("loading", "lazy");
    frame.setAttribute("width", "560");
    frame.setAttribute("height", String(widget.height));
    frame.style.border = "0";
    frame.style.width = "100%";
    frame.style.maxWidth = "560px";
    frame.style.display = "block";
    link.parentNode.replaceChild(frame, link);
    frames.push(frame);
  }

  function scan() {
    var links = document.querySelectorAll("a.onrecord-verdict[href], a.onrecord-speaker[href]");
    for (var i = 0; i < links.length; i++) { replace(links[i]); }
  }

  window.addEventListener("message", function (event) {
    if (event.origin !== origin) { return; }
    var data = event.data;
    if (!data || data.type !== "onrecord:height" || typeof data.height !== "number") { return; }
    var height = Math.round(data.height);
    if (!(height > 0 && height < 10000)) { return; }
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === event.source) {
        frames[i].style.height = height + "px";
        return;
      }
    }
  });

  registry[origin] = { scan: scan };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", scan);
  } else {
    scan();
  }
})();
