/* "Copy embed code" buttons: copy the named textarea to the clipboard.
   An external file (no inline script) so that the site's CSP allows it. */
(function () {
  "use strict";
  function say(box, message) {
    var status = box && box.querySelector(".embed-code-status");
    if (status) { status.textContent = message; }
  }
  function copy(button) {
    var field = document.getElementById(button.getAttribute("data-copy-target"));
    if (!field) { return; }
    var box = button.closest(".embed-code");
    field.focus();
    field.select();
    var done = function () { say(box, "Copied to the clipboard."); };
    var failed = function () { say(box, "Press Ctrl+C (or Cmd+C) to copy the selected code."); };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(done, failed);
    } else {
      try { if (document.execCommand("copy")) { done(); } else { failed(); } } catch (e) { failed(); }
    }
  }
  function init() {
    var buttons = document.querySelectorAll(".embed-copy[data-copy-target]");
    for (var i = 0; i < buttons.length; i++) {
      if (buttons[i].getAttribute("data-copy-ready")) { continue; }
      buttons[i].setAttribute("data-copy-ready", "1");
      buttons[i].hidden = false;  // only offered when the script runs
      buttons[i].addEventListener("click", function (event) { copy(event.currentTarget); });
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
