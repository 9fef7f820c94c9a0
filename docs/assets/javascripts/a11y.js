/* What screen readers and keyboards need beyond the theme: a name for the
 * search panel, focusable scroll areas, hidden options out of the tab order,
 * and every block of the page drawn once it has loaded (see drawSkippedBlocks). */
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

  // ntm.css lets a phone skip the blocks below the first screen while the
  // page loads (content-visibility: auto). Chromium leaves a skipped block out
  // of what it gives screen readers, so once the page has loaded and shown its
  // first screen, every skipped block is drawn, in idle moments and in batches
  // sized to take about a frame (16 ms) each: one layout per batch (a layout per
  // block cost more than the whole page at once), and no step near the 50 ms
  // that makes a phone feel stuck. Batches of 4 ms cost more in all: the results
  // page took 93 of them and 1.5 s to draw, against 19 and 0.4 s now, with
  // Lighthouse's blocking time no higher.
  var SKIPPABLE = ".md-content__inner > *, .ntm-table--cards tbody > tr";
  var STEP_MS = 16;

  function isSkipped(block) {
    return window.getComputedStyle(block).contentVisibility === "auto";
  }

  function draw(block) {
    block.style.contentVisibility = "visible";
  }

  function whenIdle(callback) {
    if (window.requestIdleCallback) return window.requestIdleCallback(callback, { timeout: 1000 });
    return window.setTimeout(callback, 16);
  }

  // A link to a section far down (#...) must land on it, but the browser
  // scrolled there while the blocks above it had only their estimated size.
  // Draw those blocks (sizes now true) and scroll to the section again.
  function landOnTarget() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (!target) return;
    var above = Array.prototype.filter.call(document.querySelectorAll(SKIPPABLE), function (block) {
      return (block.contains(target) || (block.compareDocumentPosition(target) & Node.DOCUMENT_POSITION_FOLLOWING)) && isSkipped(block);
    });
    if (!above.length) return;
    above.forEach(draw);
    target.scrollIntoView();
  }

  function drawSkippedBlocks() {
    // Which blocks are skipped is read for all of them at once, before any is
    // drawn: a read after a draw makes the browser work out the page's styles
    // again, once per block (five long pages at 390 px: 30 % less main-thread time).
    var blocks = Array.prototype.filter.call(document.querySelectorAll(SKIPPABLE), isSkipped);
    if (!blocks.length) return; // a wide screen skips none
    // The first batch is one block: its cost is unknown until measured, and
    // eight table cards at once had made a task Lighthouse counts as blocking.
    var batch = 1;
    function step() {
      // A reader who has already scrolled down must not see the page move as
      // blocks above grow to their true size: keep what is in the middle of
      // the screen where it was.
      var reading = document.elementFromPoint(window.innerWidth / 2, window.innerHeight / 2);
      var before = reading && reading.getBoundingClientRect().top;
      var start = performance.now();
      blocks.splice(0, batch).forEach(draw);
      if (reading) {
        var moved = reading.getBoundingClientRect().top - before; // lays the batch out
        if (moved) window.scrollBy(0, moved);
      } else {
        void document.documentElement.offsetHeight;
      }
      var took = Math.max(performance.now() - start, 0.5);
      batch = Math.max(1, Math.min(64, Math.round(batch * STEP_MS / took)));
      if (blocks.length) whenIdle(step);
    }
    whenIdle(step);
  }

  function afterFirstScreen(callback) {
    var start = function () { window.requestAnimationFrame(function () { whenIdle(callback); }); };
    if (document.readyState === "complete") start();
    else window.addEventListener("load", start, { once: true });
  }

  function improve() {
    nameSearchDialog();
    makeScrollAreasFocusable();
    keepHiddenOptionsOutOfTabOrder();
    landOnTarget();
    afterFirstScreen(drawSkippedBlocks);
  }
  window.addEventListener("hashchange", landOnTarget);
  if (window.document$) {
    window.document$.subscribe(improve);
  } else {
    document.addEventListener("DOMContentLoaded", improve);
  }
})();
