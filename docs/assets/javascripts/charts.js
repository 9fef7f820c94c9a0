/* Turn a static chart image into an interactive Vega chart when a reader reaches for it.
 *
 * The static SVG is already on the page (readable without JavaScript). The
 * Vega runtime is large (about 300 KB compressed), so it is fetched only when
 * a reader points at, touches or focuses a chart, once, from this site (never
 * a CDN): reading a page on a slow phone costs nothing extra. Setting up
 * hangs off the theme's `document$`, which fires once per page: on each load
 * now that instant navigation is off (mkdocs.yml), and on each page change
 * should it be switched on again (page scripts then run only on the first load).
 */
(function () {
  "use strict";
  var here = document.currentScript && document.currentScript.src;
  var bundleUrl = new URL("vega.bundle.js", here || window.location.href).href;
  var bundle = null;

  function loadBundle() {
    if (window.vegaEmbed) return Promise.resolve();
    if (!bundle) {
      bundle = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = bundleUrl;
        script.onload = resolve;
        script.onerror = function () { reject(new Error("could not load " + bundleUrl)); };
        document.head.appendChild(script);
      });
    }
    return bundle;
  }

  function renderOne(element) {
    var figure = element.closest(".ntm-chart");
    var image = figure.querySelector(".ntm-chart__static img");
    // Keep the figure's height while the live chart replaces the image (no layout jump).
    if (image && image.offsetHeight) element.style.minHeight = image.offsetHeight + "px";
    return fetch(element.getAttribute("data-vega-spec"))
      .then(function (response) { return response.json(); })
      .then(function (spec) {
        // On a narrow screen, long labels take less room, leaving it for the bars:
        // category names wrap onto shorter lines, as in the phone's static drawing
        // (the spec's usermeta, chart_labels.py); other labels are cut sooner (the
        // full label is in the tooltip and the data table).
        if (element.clientWidth < 560 && spec.config && spec.config.axis) {
          spec.config.axis.labelLimit = 120;
          if (spec.config.legend) spec.config.legend.labelLimit = 200;
          var narrow = spec.usermeta && spec.usermeta.narrow;
          if (narrow) {
            [spec].concat(spec.layer || []).forEach(function (part, i) {
              var axes = narrow.axes[i] || {};
              Object.keys(axes).forEach(function (channel) {
                if (part.encoding && part.encoding[channel]) part.encoding[channel].axis = axes[channel];
              });
            });
            if (narrow.height) spec.height = narrow.height;
          }
        }
        return window.vegaEmbed(element, spec, { actions: false, renderer: "svg" });
      })
      .then(function () {
        element.closest(".ntm-chart").classList.add("ntm-chart--live");
      });
  }

  function enhance(element) {
    loadBundle().then(function () {
      // Keep the static image if anything fails: it shows the same data.
      return renderOne(element);
    }).catch(function (error) { console.warn(error); });
  }

  var REACH = ["pointerenter", "focusin", "click"];

  function renderAll() {
    document.querySelectorAll(".ntm-chart").forEach(function (figure) {
      var live = figure.querySelector("[data-vega-spec]");
      if (!live || figure.dataset.ntmReady) return;
      figure.dataset.ntmReady = "1";
      // A reader reaches for a chart with a mouse that enters it, a tap or a click, or
      // the keyboard. A finger that lands on it may only be scrolling past: that alone
      // must not fetch the chart runtime (about 300 KB over mobile data).
      var start = function (event) {
        if (event.type === "pointerenter" && event.pointerType !== "mouse") return;
        REACH.forEach(function (name) { figure.removeEventListener(name, start); });
        enhance(live);
      };
      REACH.forEach(function (name) { figure.addEventListener(name, start, { passive: true }); });
    });
  }

  // The embed code names its page by a path from this one when the build did not know
  // the site's address: once read over the web, the full address is known, and a
  // journalist can paste the code as it is.
  function fillEmbedAddresses() {
    if (!/^https?:$/.test(location.protocol)) return;
    document.querySelectorAll("code[data-embed-src]").forEach(function (code) {
      var path = code.getAttribute("data-embed-src");
      code.textContent = code.textContent.replace('src="' + path + '"', 'src="' + new URL(path, location.href).href + '"');
      code.removeAttribute("data-embed-src");
      var help = code.closest("details").querySelector(".ntm-chart-embed__help");
      if (help) help.textContent = help.getAttribute("data-filled");
    });
  }

  // A button copies the embed code as it is shown (its address filled in above). Where
  // the browser refuses (a page not served over HTTPS), the code is selected instead,
  // for the reader to copy.
  function showCopyButtons() {
    document.querySelectorAll(".ntm-chart-embed .ntm-copy[hidden]").forEach(function (button) {
      var code = button.closest("details").querySelector("pre code");
      button.hidden = false;
      button.addEventListener("click", function () {
        var done = function () { button.textContent = button.getAttribute("data-copied"); };
        var select = function () {
          window.getSelection().selectAllChildren(code);
          button.textContent = button.getAttribute("data-selected");
        };
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(code.textContent).then(done, select);
        } else {
          select();
        }
      });
    });
  }

  // In another site's frame (the embed code): send the article this page's height, for
  // the embed code's script to fit the frame to it; a phone's narrower drawing is shorter
  // than the height the frame is given for every width. Only a number is sent.
  function sendHeightToArticle() {
    if (window.parent === window || !window.ResizeObserver || document.body.dataset.ntmHeightSent) return;
    document.body.dataset.ntmHeightSent = "1";
    var sent = 0;
    new ResizeObserver(function () {
      var height = Math.ceil(document.body.getBoundingClientRect().height);
      if (height === sent) return;
      sent = height;
      window.parent.postMessage({ ntmEmbedHeight: height }, "*");
    }).observe(document.body);
  }

  function ready() {
    sendHeightToArticle();
    renderAll();
    fillEmbedAddresses();
    showCopyButtons();
  }

  if (window.document$) {
    window.document$.subscribe(ready);
  } else {
    document.addEventListener("DOMContentLoaded", ready);
  }
})();
