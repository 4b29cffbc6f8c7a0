/* Centre a map on its points at a fixed zoom (data-focus-zoom) instead of fitting a zero-size bounding box.
 * Loaded before map.js, which announces each map with a "trygg:map-ready" event. */
(function () {
  "use strict";
  document.addEventListener("trygg:map-ready", function (e) {
    var el = e.detail.el;
    if (!el.dataset.focusZoom || !el.dataset.points) return;
    var data = document.getElementById(el.dataset.points);
    var features = data ? (JSON.parse(data.textContent).features || []) : [];
    if (!features.length) return;
    var c = features[0].geometry.coordinates;
    e.detail.map.setView([c[1], c[0]], +el.dataset.focusZoom);
  });
})();
