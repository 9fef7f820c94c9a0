/* The theme's search panel has role="dialog" but no name; screen readers need
 * one. Use the search box's own (translated) placeholder as the name. */
(function () {
  "use strict";
  function makeScrollAreasFocusable() {
    // Keyboard users must be able to scroll wide tables the theme wraps.
    document.querySelectorAll(".md-typeset__scrollwrap:not([tabindex])").forEach(function (area) {
      area.setAttribute("tabindex", "0");
    });
  }

  function nameSearchDialog() {
    var dialog = document.querySelector('.md-search[role="dialog"]');
    var input = document.querySelector(".md-search__input");
    if (dialog && input && !dialog.hasAttribute("aria-label")) {
      dialog.setAttribute("aria-label", input.getAttribute("placeholder") || input.getAttribute("aria-label") || "Search");
    }
  }
  function keepHiddenOptionsOutOfTabOrder() {
    // Zensical renders the single colour scheme as a radio button hidden from
    // screen readers (aria-hidden) that keyboard focus could still reach.
    document.querySelectorAll('input.md-option[aria-hidden="true"]:not([tabindex])').forEach(function (input) {
      input.setAttribute("tabindex", "-1");
    });
  }

  function improve() {
    nameSearchDialog();
    makeScrollAreasFocusable();
    keepHiddenOptionsOutOfTabOrder();
  }
  if (window.document$) {
    window.document$.subscribe(improve);
  } else {
    document.addEventListener("DOMContentLoaded", improve);
  }
})();
