/* Progressive enhancement of the timeline page: filter by era, tag and status.
   The filter lives in the URL (?era=…&tag=…&status=…) so a filtered view can be shared; without
   JavaScript the form stays hidden and the per-era, per-tag and per-status pages do the same job.
   The page lists at most 100 entries an era; when an era has more, a filter reads the whole timeline
   from the open-data file (timeline.json) so that it finds every entry, not only the listed ones. */
(function () {
  "use strict";

  var NAMES = ["era", "tag", "status"];

  function init() {
    var form = document.querySelector("form[data-tl-filters]");
    if (!form || form.getAttribute("data-ready")) return;
    form.setAttribute("data-ready", "");
    var sections = Array.prototype.slice.call(document.querySelectorAll("div.tl-era"));
    var listed = Array.prototype.slice.call(document.querySelectorAll(".tl-era .tl-item"));
    var output = form.querySelector("output");
    var label = form.getAttribute("data-count-label") || "{shown} / {total}";
    var total = parseInt(form.getAttribute("data-total"), 10) || listed.length;
    var lang = form.getAttribute("data-lang") || "en";
    var complete = listed.length >= total;  // every entry is on the page
    var everything = null;  // the whole timeline, once loaded

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

    function wanted(era, tags, status) {
      var e = form.elements.era.value, t = form.elements.tag.value, s = form.elements.status.value;
      return (!e || era === e) && (!t || tags.indexOf(t) !== -1) && (!s || status === s);
    }

    function extraItem(entry) {  // an entry the page does not list, built from the data as text
      var li = document.createElement("li");
      li.className = "tl-item tl-item--more";
      li.id = entry.id;
      var date = document.createElement("p");
      date.className = "tl-date";
      var time = document.createElement("time");
      time.setAttribute("datetime", entry.date);
      time.textContent = entry.date_text[lang];
      date.appendChild(time);
      var title = document.createElement("p");
      title.className = "tl-title";
      var link = document.createElement("a");
      link.href = entry.id + "/";
      link.textContent = entry.title[lang];
      title.appendChild(link);
      li.appendChild(date);
      li.appendChild(title);
      return li;
    }

    function show(shown) {
      sections.forEach(function (section) {
        section.hidden = !section.querySelector(".tl-item:not([hidden])");
        var heading = document.getElementById(section.getAttribute("data-era"));  // the era's heading
        if (heading) heading.hidden = section.hidden;
      });
      output.textContent = label.replace("{shown}", String(shown)).replace("{total}", String(total));
      writeUrl();
    }

    function apply() {
      Array.prototype.forEach.call(document.querySelectorAll(".tl-list--more"), function (list) {
        list.parentNode.removeChild(list);
      });
      var filtering = NAMES.some(function (name) { return form.elements[name].value; });
      var shown = 0;
      listed.forEach(function (item) {
        var match = wanted(item.getAttribute("data-era"), (item.getAttribute("data-tags") || "").split(" "),
          item.getAttribute("data-status"));
        item.hidden = !match;
        if (match) shown += 1;
      });
      if (!filtering || complete || !everything) {
        show(shown);
        if (filtering && !complete && !everything) load();
        return;
      }
      var onPage = {};
      listed.forEach(function (item) { onPage[item.id] = true; });
      shown = 0;
      everything.forEach(function (entry) {
        if (!wanted(entry.era, entry.tags, entry.status || "none")) return;
        shown += 1;
        if (onPage[entry.id]) return;
        var section = document.querySelector('div.tl-era[data-era="' + entry.era + '"]');
        if (!section) return;
        var more = section.querySelector(".tl-list--more");
        if (!more) {
          more = document.createElement("ol");
          more.className = "tl-list tl-list--more";
          section.appendChild(more);
        }
        more.appendChild(extraItem(entry));
      });
      show(shown);
    }

    function load() {
      fetch(form.getAttribute("data-source"))
        .then(function (response) { return response.json(); })
        .then(function (data) { everything = data.entries; apply(); })
        .catch(function () { complete = true; });  // keep to the listed entries
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
