/* Lägesbild maps: after map.js has drawn a map marked data-sp-fit, zoom to what matters (the areas with
 * observations, the prioritised areas and the points) instead of the whole municipality.
 * Must be loaded before trygg/js/map.js, which fires "trygg:map-ready". */
(function () {
  "use strict";
  document.addEventListener("trygg:map-ready", function (event) {
    var el = event.detail.el;
    var map = event.detail.map;
    if (!el.hasAttribute("data-sp-fit")) return;
    var bounds = null;
    map.eachLayer(function (layer) {
      var p = layer.feature && layer.feature.properties;
      if (!p) return;
      var isPoint = layer.feature.geometry && layer.feature.geometry.type === "Point";
      if (!(isPoint || p.prioritised || p.count > 0 || el.dataset.spFit === "all")) return;
      var b = layer.getBounds ? layer.getBounds() : L.latLngBounds([layer.getLatLng()]);
      bounds = bounds ? bounds.extend(b) : L.latLngBounds(b.getSouthWest(), b.getNorthEast());
    });
    if (bounds && bounds.isValid()) {
      map.invalidateSize();
      map.fitBounds(bounds, { padding: [16, 16], maxZoom: 15, animate: false });
    }
  });
})();
