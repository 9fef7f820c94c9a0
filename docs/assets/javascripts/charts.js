/* Turn each static chart image into an interactive Vega chart.
 *
 * The static SVG is already on the page (readable without JavaScript). The
 * Vega bundle is large, so it is fetched only when a page has a chart, once,
 * from this site (never a CDN). With Material's instant navigation, page
 * scripts run only on the first load, so rendering hangs off `document$`.
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
    return fetch(element.getAttribute("data-vega-spec"))
      .then(function (response) { return response.json(); })
      .then(function (spec) {
        return window.vegaEmbed(element, spec, { actions: false, renderer: "svg" });
      })
      .then(function () {
        element.closest(".ntm-chart").classList.add("ntm-chart--live");
      });
  }

  function renderAll() {
    var views = document.querySelectorAll("[data-vega-spec]");
    if (!views.length) return;
    loadBundle().then(function () {
      views.forEach(function (element) {
        // Keep the static image if anything fails: it shows the same data.
        renderOne(element).catch(function (error) { console.warn(error); });
      });
    }).catch(function (error) { console.warn(error); });
  }

  if (window.document$) {
    window.document$.subscribe(renderAll);
  } else {
    document.addEventListener("DOMContentLoaded", renderAll);
  }
})();
