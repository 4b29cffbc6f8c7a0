/* Report form: suggest open public reports of the same category within ~150 m before the resident submits.
 * Without JS the server shows the same suggestions as an extra step. No inline scripts (CSP). */
(function () {
  "use strict";
  var box = document.getElementById("similar-live");
  var lat = document.getElementById("id_lat");
  var lon = document.getElementById("id_lon");
  var seen = document.getElementById("id_seen_similar");
  if (!box || !lat || !lon) return;
  var centre = document.getElementById("centre-btn");
  if (centre) centre.hidden = false;  // keyboard users: place the marker at the map's centre
  var timer = null;

  function category() {
    var checked = document.querySelector("input[name=category]:checked");
    return checked ? checked.value : "";
  }

  function render(reports) {
    box.textContent = "";
    if (!reports.length) return;
    var h = document.createElement("h2");
    h.textContent = box.dataset.heading;
    box.appendChild(h);
    var ul = document.createElement("ul");
    ul.className = "similar-list";
    reports.forEach(function (r) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = r.url;
      a.textContent = r.category + " – " + r.status + " (" + r.date + ")";
      li.appendChild(a);
      if (r.text) {
        li.appendChild(document.createElement("br"));
        var span = document.createElement("span");
        span.className = "muted";
        span.textContent = r.text;
        li.appendChild(span);
      }
      ul.appendChild(li);
    });
    box.appendChild(ul);
    if (seen) seen.value = "True";  // the resident has seen the suggestions: no extra step on submit
  }

  function lookup() {
    if (!lat.value || !lon.value || !category()) return;
    var url = box.dataset.url + "?lat=" + encodeURIComponent(lat.value) + "&lon=" + encodeURIComponent(lon.value) +
      "&category=" + encodeURIComponent(category());
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : { reports: [] }; })
      .then(function (data) { render(data.reports || []); })
      .catch(function () { /* suggestions are a convenience; the server checks again */ });
  }

  function schedule() { clearTimeout(timer); timer = setTimeout(lookup, 250); }
  lat.addEventListener("change", schedule);
  document.querySelectorAll("input[name=category]").forEach(function (el) { el.addEventListener("change", schedule); });
  var place = document.getElementById("id_place");
  if (place) place.addEventListener("change", function () { if (seen) seen.value = ""; });
})();
