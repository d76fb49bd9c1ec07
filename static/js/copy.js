/* Copy buttons: <button data-copy="VALUE" data-copied="已复制" hidden>.
 * The buttons stay hidden without this file; the full value is also in the
 * title of the shortened text beside each one. */
(function () {
  "use strict";

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    // Plain http on an intranet has no Clipboard API: copy through a selected field.
    var field = document.createElement("textarea");
    field.value = text;
    field.setAttribute("readonly", "");
    field.style.position = "fixed";
    field.style.opacity = "0";
    document.body.appendChild(field);
    field.select();
    var copied = document.execCommand("copy");
    document.body.removeChild(field);
    return copied ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  function init() {
    document.querySelectorAll("button[data-copy]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var label = button.firstChild.nodeValue;
        copyText(button.dataset.copy).then(function () {
          button.firstChild.nodeValue = button.dataset.copied;
          setTimeout(function () { button.firstChild.nodeValue = label; }, 2000);
        });
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
