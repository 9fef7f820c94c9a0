/* The district maps on /dia-phuong/ (templates/_map.j2).
 *
 * Without JavaScript every figure's map is a <details>, the first one open.
 * With it: a list above the maps picks the figure and only that map shows;
 * a tap (or click) on a unit shows its name and figure beside the finger, as
 * the <title> a mouse pointer shows, and a link to the unit's page (readers
 * tap a district expecting to reach it). A map's address (#ban-do-...) picks it.
 */
(function () {
  "use strict";

  function pick(container, maps, index) {
    maps.forEach(function (map, i) {
      map.hidden = i !== index;
      map.open = i === index;
    });
  }

  function showTip(figure, unit, openLabel, event) {
    var tip = figure.querySelector(".ntm-map__tip");
    if (!tip) {
      tip = document.createElement("p");
      tip.className = "ntm-map__tip";
      tip.setAttribute("role", "status");
      figure.appendChild(tip);
    }
    tip.textContent = unit.querySelector("title").textContent;
    var page = unit.getAttribute("data-href");
    if (page && openLabel) {
      var link = document.createElement("a");
      link.href = page;
      link.textContent = openLabel;
      tip.appendChild(document.createElement("br"));
      tip.appendChild(link);
    }
    var box = figure.getBoundingClientRect();
    tip.hidden = false;
    var x = Math.min(Math.max(event.clientX - box.left - tip.offsetWidth / 2, 0), box.width - tip.offsetWidth);
    tip.style.left = x + "px";
    // Above the finger, unless the page's fixed header would cover it there: then below.
    var header = document.querySelector(".md-header");
    var clear = header ? header.getBoundingClientRect().bottom : 0;
    var above = event.clientY - tip.offsetHeight - 12;
    var top = above >= clear ? above : event.clientY + 28;
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

    container.addEventListener("click", function (event) {
      // The tip's link opens the unit's page; a tap anywhere else, the tip included, closes the tip.
      if (event.target.closest && event.target.closest(".ntm-map__tip a")) return;
      var unit = event.target.closest && event.target.closest(".ntm-map__unit");
      container.querySelectorAll(".ntm-map__tip").forEach(function (tip) { tip.hidden = true; });
      if (unit) showTip(unit.closest(".ntm-map__figure"), unit, container.getAttribute("data-open-label"), event);
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
