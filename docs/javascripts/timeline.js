/* Progressive enhancement of the timeline page: filter by era, tag and status.
   The filter lives in the URL (?era=…&tag=…&status=…) so a filtered view can be shared; without
   JavaScript the form stays hidden and the per-era, per-tag and per-status pages do the same job. */
(function () {
  "use strict";

  var NAMES = ["era", "tag", "status"];

  function init() {
    var form = document.querySelector("form[data-tl-filters]");
    if (!form) return;
    var items = Array.prototype.slice.call(document.querySelectorAll(".tl-era .tl-item"));
    var sections = Array.prototype.slice.call(document.querySelectorAll("div.tl-era"));
    var output = form.querySelector("output");
    var label = form.getAttribute("data-count-label") || "{shown} / {total}";

    function readUrl() {
      var params = new URLSearchParams(window.location.search);
      NAMES.forEach(function (name) {
        var select = form.elements[name];
        var value = params.get(name) || "";
        var known = Array.prototype.some.call(select.options, function (o) { return o.value === value; });
        select.value = known ? value : "";
      });
    }

    function writeUrl() {
      var params = new URLSearchParams(window.location.search);
      NAMES.forEach(function (name) {
        var value = form.elements[name].value;
        if (value) params.set(name, value); else params.delete(name);
      });
      var query = params.toString();
      window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : "") +
        window.location.hash);
    }

    function apply() {
      var era = form.elements.era.value;
      var tag = form.elements.tag.value;
      var status = form.elements.status.value;
      var shown = 0;
      items.forEach(function (item) {
        var tags = (item.getAttribute("data-tags") || "").split(" ");
        var match = (!era || item.getAttribute("data-era") === era) &&
          (!tag || tags.indexOf(tag) !== -1) &&
          (!status || item.getAttribute("data-status") === status);
        item.hidden = !match;
        if (match) shown += 1;
      });
      sections.forEach(function (section) {
        section.hidden = !section.querySelector(".tl-item:not([hidden])");
        var heading = document.getElementById(section.getAttribute("data-era"));  // the era's heading
        if (heading) heading.hidden = section.hidden;
      });
      output.textContent = label.replace("{shown}", String(shown)).replace("{total}", String(items.length));
      writeUrl();
    }

    form.hidden = false;
    readUrl();
    apply();
    form.addEventListener("change", apply);
    form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    window.onpopstate = function () { readUrl(); apply(); };  // one handler, however often init runs
  }

  // Material's document$ emits for every page it shows, also when navigation.instant swaps pages
  // without a reload; without Material (or before it loads), the usual DOM events do.
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
