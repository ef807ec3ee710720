/* onrecord desk: keyboard shortcuts on the review queue (progressive enhancement).
 *
 *   j / k   next / previous statement      o   open it      a   assign it to me
 *
 * Keys typed into a field, or with Ctrl, Alt or Meta, are left alone. Without
 * this script the queue works the same with the mouse or Tab.
 */
(function () {
  "use strict";
  var table = document.querySelector(".queue-table");
  if (!table) {
    return;
  }
  var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr"));
  if (!rows.length) {
    return;
  }
  var help = document.getElementById("queue-keys-help");
  if (help) {
    help.hidden = false;
  }
  var current = -1;

  function mark(index) {
    if (current >= 0 && rows[current]) {
      rows[current].classList.remove("is-current");
    }
    current = index;
    rows[current].classList.add("is-current");
  }

  function go(index) {
    index = Math.max(0, Math.min(rows.length - 1, index));
    mark(index);
    var link = rows[index].querySelector("th a");
    if (link) {
      link.focus();
    }
  }

  function press(selector) {
    if (current < 0) {
      return;
    }
    var target = rows[current].querySelector(selector);
    if (target) {
      target.click();
    }
  }

  // Tabbing into a row makes it the current one, so the keys act where the focus is.
  table.addEventListener("focusin", function (event) {
    var index = rows.indexOf(event.target.closest("tr"));
    if (index >= 0 && index !== current) {
      mark(index);
    }
  });

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) {
      return;
    }
    var target = event.target;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT|BUTTON)$/.test(target.tagName))) {
      return;
    }
    switch (event.key) {
      case "j":
        go(current + 1);
        break;
      case "k":
        go(current < 0 ? 0 : current - 1);
        break;
      case "o":
        press("th a");
        break;
      case "a":
        press("form.inline-form button");
        break;
      default:
        return;
    }
    event.preventDefault();
  });
})();
