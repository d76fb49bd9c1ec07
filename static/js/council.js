/* 龙江工匠 portal: the council's decision asks for a confirmation before it is sent.
 * An approval locks the list for good, so the dialog says which version it makes;
 * the form's data-confirm-<outcome> attributes carry the translated texts. The
 * server checks everything again; without this file the form still works. */
(function () {
  "use strict";

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-confirm-approved]")) return;
    var outcome = form.querySelector('input[name="outcome"]:checked');
    if (!outcome) return;
    var message = form.dataset["confirm" + outcome.value.charAt(0).toUpperCase() + outcome.value.slice(1)];
    if (message && !window.confirm(message)) {
      event.preventDefault();
      event.stopPropagation();
    }
  }, true);
})();
