/* 龙江工匠 portal: small progressive enhancements. Plain JS, no build step.
 * Every form works without this file; it only adds conveniences. */
(function () {
  "use strict";

  /* ---- 1. Live character counters --------------------------------------
   * Counts like the server (nominations.validators.count_characters): code
   * points, ignoring every character Python's str.isspace() treats as space.
   * JS \s also matches U+FEFF, which Python does not; \x1c-\x1f and U+0085 are
   * spaces only in Python. */
  var SPACE = /[^\S\ufeff]|[\x1c-\x1f\x85]/g;

  function countCharacters(text) {
    return Array.from(text.replace(SPACE, "")).length;
  }

  // A field may carry a translated format in data-char-format, e.g. "{count} / {limit}".
  function updateCounter(field) {
    var counter = document.getElementById(field.id + "-counter");
    if (!counter) return;
    var limit = parseInt(field.dataset.charLimit, 10);
    var count = countCharacters(field.value);
    var format = field.dataset.charFormat || "已输入 {count} / {limit} 字";
    counter.textContent = format.replace("{count}", count).replace("{limit}", limit);
    counter.classList.toggle("over", count > limit);
  }

  function initCounters(root) {
    root.querySelectorAll("textarea[data-char-limit], input[data-char-limit]").forEach(function (field) {
      if (!field.id) return;
      var counterId = field.id + "-counter";
      if (!document.getElementById(counterId)) {
        var counter = document.createElement("div");
        counter.className = "char-counter";
        counter.id = counterId;
        field.insertAdjacentElement("afterend", counter);
        // Screen readers announce the count as part of the field's description.
        var described = (field.getAttribute("aria-describedby") || "").split(" ");
        if (described.indexOf(counterId) === -1) {
          field.setAttribute("aria-describedby", described.concat(counterId).join(" ").trim());
        }
      }
      updateCounter(field);
    });
  }

  /* ---- 2. Sex and birth month from the ID number -----------------------
   * Runs in the browser only; the number is never sent anywhere by this code.
   * Fills a field only when it is still empty, so a clerk's choice wins. */
  var ID_PATTERN = /^\d{17}[\dX]$/;
  var ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  var ID_CHECK = "10X98765432";

  function parseIdNumber(raw) {
    var value = raw.replace(SPACE, "").toUpperCase();
    if (!ID_PATTERN.test(value)) return null;
    var sum = 0;
    for (var i = 0; i < 17; i++) sum += Number(value[i]) * ID_WEIGHTS[i];
    if (ID_CHECK[sum % 11] !== value[17]) return null;
    var month = Number(value.slice(10, 12));
    if (month < 1 || month > 12) return null;
    return {
      sex: Number(value[16]) % 2 === 1 ? "1" : "2",
      birthMonth: value.slice(6, 10) + "-" + value.slice(10, 12),
    };
  }

  function setIfEmpty(scope, name, value) {
    var fields = scope.querySelectorAll('[name="' + name + '"]');
    if (!fields.length) return;
    if (fields[0].type === "radio") {
      if (Array.prototype.some.call(fields, function (f) { return f.checked; })) return;
      fields.forEach(function (f) {
        if (f.value === value) { f.checked = true; f.dispatchEvent(new Event("change", { bubbles: true })); }
      });
    } else if (!fields[0].value) {
      fields[0].value = value;
      fields[0].dispatchEvent(new Event("change", { bubbles: true }));
    }
  }

  function fillFromIdNumber(field) {
    var parsed = parseIdNumber(field.value);
    if (!parsed) return;
    var scope = field.form || document;
    setIfEmpty(scope, "sex", parsed.sex);
    setIfEmpty(scope, "birth_month", parsed.birthMonth);
  }

  /* ---- 4. Dynamic Django formsets --------------------------------------
   * <div data-formset-prefix="P"> holds <template data-formset-empty> with the
   * empty form (using __prefix__) and a [data-formset-add] button. New forms go
   * into [data-formset-forms] if present, else just before the template. */
  function addFormsetForm(container) {
    var prefix = container.dataset.formsetPrefix;
    var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    var max = document.getElementById("id_" + prefix + "-MAX_NUM_FORMS");
    var template = container.querySelector("template[data-formset-empty]");
    if (!total || !template) return;
    var index = parseInt(total.value, 10);
    if (max && index >= parseInt(max.value, 10)) return;
    var holder = document.createElement("div");
    holder.innerHTML = template.innerHTML.replace(/__prefix__/g, String(index));
    var target = container.querySelector("[data-formset-forms]");
    var added = Array.prototype.slice.call(holder.children);
    added.forEach(function (node) {
      if (target) target.appendChild(node);
      else template.parentNode.insertBefore(node, template);
      initCounters(node.parentNode);
      if (window.htmx) window.htmx.process(node);
    });
    total.value = String(index + 1);
    var first = added.length && added[0].querySelector("input, select, textarea");
    if (first) first.focus();
  }

  /* ---- 5. Scrollable tables reachable by keyboard ---------------------
   * A wide table scrolls inside .table-responsive on a phone; keyboard users
   * can scroll it only if the region can take focus (WCAG 2.1.1). Regions
   * that do not scroll stay out of the tab order. */
  function initScrollRegions(root) {
    root.querySelectorAll(".table-responsive").forEach(function (region) {
      if (region.scrollWidth > region.clientWidth) region.setAttribute("tabindex", "0");
      else region.removeAttribute("tabindex");
    });
  }

  /* ---- 6. The live total of an expert's score sheet --------------------
   * A [data-score-form] adds its [data-score-points] fields up into its
   * [data-score-total] output as "85 / 100". The server writes the total of
   * what the page holds, so without this file the page reads the same, only
   * not live. A submit button's data-confirm may name the total as {total}. */
  function scoreTotal(form) {
    var sum = 0;
    form.querySelectorAll("[data-score-points]").forEach(function (field) {
      var value = parseFloat(field.value);
      if (isFinite(value)) sum += value;
    });
    return String(Math.round(sum * 10) / 10);
  }

  function updateScoreTotal(form) {
    var output = form.querySelector("[data-score-total]");
    if (output) output.textContent = scoreTotal(form) + " / " + output.dataset.scoreMax;
  }

  function confirmText(button) {
    var text = button.dataset.confirm;
    var output = button.form && button.form.querySelector("[data-score-total]");
    return output ? text.replace("{total}", output.textContent) : text;
  }

  /* ---- 7. Keep the reader's place across a save ------------------------
   * A form with data-keep-scroll="KEY" remembers the scroll position when it is
   * sent; the next page holding a form with the same key scrolls back there. */
  var SCROLL_KEY = "lj-keep-scroll";

  function rememberScroll(form) {
    try {
      sessionStorage.setItem(SCROLL_KEY, JSON.stringify({ key: form.dataset.keepScroll, y: window.scrollY }));
    } catch (error) { /* Storage may be off; the page then opens at its anchor. */ }
  }

  function restoreScroll() {
    var saved;
    try {
      saved = JSON.parse(sessionStorage.getItem(SCROLL_KEY) || "null");
      sessionStorage.removeItem(SCROLL_KEY);
    } catch (error) { return; }
    if (!saved) return;
    var form = document.querySelector("form[data-keep-scroll]");
    if (form && form.dataset.keepScroll === saved.key) window.scrollTo({ top: saved.y, behavior: "instant" });
  }

  /* ---- Wiring: delegated listeners, so swapped-in content works too ---- */
  document.addEventListener("input", function (event) {
    var field = event.target;
    if (field.matches && field.matches("[data-char-limit]")) updateCounter(field);
    if (field.matches && field.matches("[data-id-number]")) fillFromIdNumber(field);
    if (field.matches && field.matches("[data-score-points]") && field.form) updateScoreTotal(field.form);
  });

  // 3. Confirmation. Capture phase, so a cancelled click never reaches htmx.
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button[data-confirm], input[type=submit][data-confirm], a[data-confirm]");
    if (button && !window.confirm(confirmText(button))) {
      event.preventDefault();
      event.stopPropagation();
      return;
    }
    var adder = event.target.closest && event.target.closest("[data-formset-add]");
    if (adder) {
      event.preventDefault();
      var container = adder.closest("[data-formset-prefix]") ||
        document.querySelector('[data-formset-prefix="' + adder.dataset.formsetAdd + '"]');
      if (container) addFormsetForm(container);
    }
  }, true);

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.dataset && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
      event.stopPropagation();
      return;
    }
    if (form.dataset && form.dataset.keepScroll) rememberScroll(form);
  }, true);

  // 4. A 422 answer carries the re-rendered panel with its error messages; htmx
  // ignores 4xx answers by default, which would hide why an upload was refused.
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.xhr.status === 422) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    initCounters(document);
    initScrollRegions(document);
    // The browser may have put back values typed before a reload or "back".
    document.querySelectorAll("form[data-score-form]").forEach(updateScoreTotal);
  });
  // After "load", so the browser's own jump to the #anchor does not undo it.
  window.addEventListener("load", restoreScroll);
  window.addEventListener("resize", function () { initScrollRegions(document); });
  // htmx:load fires for every piece of content htmx swaps in (and once for the body).
  document.addEventListener("htmx:load", function (event) {
    initCounters(event.target);
    initScrollRegions(event.target);
  });
  document.addEventListener("htmx:afterSwap", function (event) { initCounters(event.target); });
})();
