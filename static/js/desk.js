// Review desk: keyboard navigation and small progressive enhancements.
// Everything works without this file; no inline scripts or handlers (strict CSP).
(function () {
  "use strict";

  function typing(target) {
    if (!target) return false;
    var tag = target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || target.isContentEditable;
  }

  // --- j/k/Enter over queue rows, or over highlighted quotes in an article ---------------------
  var rows = Array.prototype.slice.call(document.querySelectorAll("[data-keynav] tbody tr[data-href]"));
  var marks = Array.prototype.slice.call(document.querySelectorAll("[data-keynav-marks] a.q-link"));
  var items = rows.length ? rows : marks;
  var current = -1;

  function select(index) {
    if (!items.length) return;
    index = Math.max(0, Math.min(items.length - 1, index));
    if (current >= 0 && items[current]) items[current].classList.remove("selected");
    current = index;
    var item = items[current];
    item.classList.add("selected");
    item.setAttribute("aria-selected", "true");
    if (item.tagName === "TR") {
      item.focus({ preventScroll: true });
    } else {
      item.focus({ preventScroll: true });
    }
    item.scrollIntoView({ block: "nearest" });
  }

  function open() {
    if (current < 0) return;
    var item = items[current];
    var href = item.getAttribute("data-href") || item.getAttribute("href");
    if (href) window.location.assign(href);
  }

  rows.forEach(function (row, index) {
    row.addEventListener("click", function (event) {
      if (event.target.closest("a, button, input, select, textarea, label")) return;
      select(index);
      open();
    });
  });

  // --- Keyboard help dialog ---------------------------------------------------------------------
  var help = document.getElementById("kbd-help");
  function toggleHelp() {
    if (!help || typeof help.showModal !== "function") return;
    if (help.open) help.close(); else help.showModal();
  }
  document.querySelectorAll("[data-kbd-help]").forEach(function (button) {
    button.addEventListener("click", toggleHelp);
  });

  var pendingG = false;
  document.addEventListener("keydown", function (event) {
    // Ctrl/Cmd+Enter saves the form being typed in.
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && typing(event.target)) {
      var form = event.target.form;
      if (form) {
        event.preventDefault();
        var submit = form.querySelector('button[type="submit"].primary') || form.querySelector('button[type="submit"]');
        if (typeof form.requestSubmit === "function") form.requestSubmit(submit || undefined); else form.submit();
      }
      return;
    }
    if (typing(event.target) || event.altKey || event.ctrlKey || event.metaKey) return;
    if (help && help.open && event.key !== "?") return;
    switch (event.key) {
      case "j": select(current + 1); event.preventDefault(); break;
      case "k": select(current < 0 ? 0 : current - 1); event.preventDefault(); break;
      case "Enter":
        if (current >= 0 && (document.activeElement === items[current] || document.activeElement === document.body)) {
          event.preventDefault();
          open();
        }
        break;
      case "/":
        var search = document.querySelector('.filters input[type="search"]');
        if (search) { event.preventDefault(); search.focus(); search.select(); }
        break;
      case "?": event.preventDefault(); toggleHelp(); break;
      case "g": pendingG = true; setTimeout(function () { pendingG = false; }, 1200); return;
      case "q":
        if (pendingG) { window.location.assign("/review/"); }
        break;
      default: break;
    }
    pendingG = false;
  });

  // --- Filters submit as soon as a select or checkbox changes --------------------------------------
  document.querySelectorAll("form[data-autosubmit]").forEach(function (form) {
    form.addEventListener("change", function (event) {
      if (event.target.matches("select, input[type=checkbox], input[type=date]")) {
        if (typeof form.requestSubmit === "function") form.requestSubmit(); else form.submit();
      }
    });
  });

  // --- Confirmation before irreversible moves ---------------------------------------------------
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) event.preventDefault();
    });
  });

  // --- Warn before leaving a verdict with unsaved text ---------------------------------------------
  document.querySelectorAll("form[data-warn-unsaved]").forEach(function (form) {
    var dirty = form.querySelector(".conflict") !== null;
    form.addEventListener("input", function () { dirty = true; });
    form.addEventListener("submit", function () { dirty = false; });
    window.addEventListener("beforeunload", function (event) {
      if (dirty) { event.preventDefault(); event.returnValue = ""; }
    });
  });

  // --- Import preview: select all / none --------------------------------------------------------
  function setAll(name, value) {
    document.querySelectorAll('input[type=checkbox][name="' + name + '"]').forEach(function (box) { box.checked = value; });
  }
  document.querySelectorAll("[data-check-all]").forEach(function (b) {
    b.addEventListener("click", function () { setAll(b.getAttribute("data-check-all"), true); });
  });
  document.querySelectorAll("[data-check-none]").forEach(function (b) {
    b.addEventListener("click", function () { setAll(b.getAttribute("data-check-none"), false); });
  });

  // --- Correct a span from the text selected in the article -------------------------------------
  // Paragraphs carry data-start (their offset in the stored body) and keep newlines as text, so
  // the selection's offset is the paragraph's start plus the length of the text before it.
  function offsetOf(node, offset) {
    var element = node.nodeType === 1 ? node : node.parentElement;
    var paragraph = element && element.closest(".paragraph[data-start]");
    if (!paragraph) return null;
    var range = document.createRange();
    range.setStart(paragraph, 0);
    range.setEnd(node, offset);
    return parseInt(paragraph.getAttribute("data-start"), 10) + range.toString().length;
  }
  document.querySelectorAll("[data-use-selection]").forEach(function (button) {
    button.addEventListener("click", function () {
      var selection = window.getSelection();
      if (!selection || selection.isCollapsed) {
        window.alert("Select the exact words in the article first.");
        return;
      }
      var range = selection.getRangeAt(0);
      var start = offsetOf(range.startContainer, range.startOffset);
      var end = offsetOf(range.endContainer, range.endOffset);
      if (start === null || end === null || end <= start) {
        window.alert("Select the words inside the article text.");
        return;
      }
      var form = button.closest("form");
      form.querySelector('input[name$="start"]').value = start;
      form.querySelector('input[name$="end"]').value = end;
    });
  });
})();
