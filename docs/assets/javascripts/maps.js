/* The district maps on /dia-phuong/ (templates/_map.j2).
 *
 * Without JavaScript every figure's map is a <details>, the first one open.
 * With it: a list above the maps picks the figure and only that map shows;
 * a tap (or click) on a unit shows its name and figure beside the finger, as
 * the <title> a mouse pointer shows, and a link to the unit's page (readers
 * tap a district expecting to reach it). Each unit is itself that link: the
 * Tab key reaches it and shows the same tip beside it, Enter opens the page.
 * A map's address (#ban-do-...) picks it.
 */
(function () {
  "use strict";

  function pick(container, maps, index) {
    maps.forEach(function (map, i) {
      map.hidden = i !== index;
      map.open = i === index;
    });
  }

  // `point`: where the finger or pointer is ({clientX, clientY}). `spoken`: whether a
  // screen reader should read the tip; not on the keyboard's focus, where it has just
  // read the unit's link, whose name is the tip's text.
  function showTip(figure, unit, openLabel, point, spoken) {
    var tip = figure.querySelector(".ntm-map__tip");
    if (!tip) {
      tip = document.createElement("p");
      tip.className = "ntm-map__tip";
      figure.appendChild(tip);
    }
    tip.dataset.byFocus = spoken ? "" : "1";
    if (spoken) {
      tip.setAttribute("role", "status");
      tip.removeAttribute("aria-hidden");
    } else {
      tip.removeAttribute("role");
      tip.setAttribute("aria-hidden", "true");
    }
    tip.textContent = unit.querySelector("title").textContent;
    var page = unit.getAttribute("href");
    if (page && openLabel && spoken) {
      var link = document.createElement("a");
      link.href = page;
      link.textContent = openLabel;
      tip.appendChild(document.createElement("br"));
      tip.appendChild(link);
    }
    var box = figure.getBoundingClientRect();
    tip.hidden = false;
    var x = Math.min(Math.max(point.clientX - box.left - tip.offsetWidth / 2, 0), box.width - tip.offsetWidth);
    tip.style.left = x + "px";
    // Above the finger, unless the page's fixed header would cover it there: then below.
    var header = document.querySelector(".md-header");
    var clear = header ? header.getBoundingClientRect().bottom : 0;
    var above = point.clientY - tip.offsetHeight - 12;
    var top = above >= clear ? above : point.clientY + 28;
    tip.style.top = Math.max(top - box.top, 0) + "px";
  }

  function enhance(container) {
    if (container.dataset.ntmMaps) return;
    container.dataset.ntmMaps = "1";
    var maps = Array.prototype.slice.call(container.querySelectorAll("details.ntm-map"));
    if (!maps.length) return;
    var label = document.createElement("label");
    label.className = "ntm-maps__picker";
    label.textContent = container.getAttribute("data-pick-label") + " ";
    var select = document.createElement("select");
    select.className = "ntm-maps__pick";
    maps.forEach(function (map, i) {
      var option = document.createElement("option");
      option.value = String(i);
      option.textContent = map.querySelector("summary").textContent;
      select.appendChild(option);
    });
    label.appendChild(select);
    container.insertBefore(label, maps[0]);
    container.classList.add("ntm-maps--picked");
    var wanted = maps.findIndex(function (map) { return "#" + map.id === window.location.hash; });
    select.value = String(wanted < 0 ? 0 : wanted);
    pick(container, maps, Number(select.value));
    select.addEventListener("change", function () {
      pick(container, maps, Number(select.value));
      // The address names the figure, so a shared link opens the same map.
      window.history.replaceState(window.history.state, "", "#" + maps[Number(select.value)].id);
    });

    function hideTips() {
      container.querySelectorAll(".ntm-map__tip").forEach(function (tip) { tip.hidden = true; });
    }

    container.addEventListener("click", function (event) {
      // The tip's link opens the unit's page; a tap anywhere else, the tip included, closes the tip.
      if (event.target.closest && event.target.closest(".ntm-map__tip a")) return;
      var unit = event.target.closest && event.target.closest(".ntm-map__unit");
      // A unit's link opened by the keyboard (a click of no pointer: detail 0), or to a new
      // tab or window (a modifier key held), opens its page as a link does.
      if (unit && (event.detail === 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey)) return;
      hideTips();
      if (!unit) return;
      event.preventDefault();  // a tap first tells the figure, then offers the page
      showTip(unit.closest(".ntm-map__figure"), unit, container.getAttribute("data-open-label"), event, true);
    });
    // The focused unit's outline drawn again over the whole map: units drawn after it would
    // cover half of it. A copy of its shape, not the unit moved (that would change the Tab order).
    function ring(unit) {
      container.querySelectorAll(".ntm-map__ring").forEach(function (old) { old.remove(); });
      if (!unit) return;
      var copy = document.createElementNS("http://www.w3.org/2000/svg", "use");
      copy.setAttribute("href", unit.querySelector("use").getAttribute("href"));
      copy.setAttribute("class", "ntm-map__ring");
      copy.setAttribute("aria-hidden", "true");
      unit.closest("svg").insertBefore(copy, unit.closest("svg").querySelector(".ntm-map__labels"));
    }

    // The keyboard's focus on a unit shows its tip above the unit, leaving its outline in sight.
    container.addEventListener("focusin", function (event) {
      var unit = event.target.closest && event.target.closest(".ntm-map__unit");
      if (!unit || !unit.matches(":focus-visible")) return;
      hideTips();
      ring(unit);
      var shape = unit.getBoundingClientRect();
      showTip(unit.closest(".ntm-map__figure"), unit, null,
              {clientX: shape.left + shape.width / 2, clientY: shape.top}, false);
    });
    // Escape hides a tip, as it does any that covers the page.
    container.addEventListener("keydown", function (event) {
      if (event.key === "Escape") hideTips();
    });
    // It goes with the focus; a tip a tap showed stays, so that its link can be tapped.
    container.addEventListener("focusout", function () {
      ring(null);
      container.querySelectorAll(".ntm-map__tip").forEach(function (tip) {
        if (tip.dataset.byFocus) tip.hidden = true;
      });
    });
  }

  function enhanceAll() {
    document.querySelectorAll(".ntm-maps").forEach(enhance);
  }

  if (window.document$) {
    window.document$.subscribe(enhanceAll);
  } else {
    document.addEventListener("DOMContentLoaded", enhanceAll);
  }
})();
