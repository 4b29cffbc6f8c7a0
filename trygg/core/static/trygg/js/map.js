/* Trygg maps: Leaflet with configurable tiles and a tile-less fallback that still draws areas and points.
 * No inline scripts (CSP): data comes from <script type="application/json"> blocks (Django json_script).
 *
 *   <div class="map" data-trygg-map data-areas="areas-json" data-points="points-json"
 *        data-picker="lat-input-id,lon-input-id"></div>
 *
 * data-outlines="outlines-json": area borders drawn underneath, without fill and without tooltips, so the
 * layer on top (hotspot cells, say) keeps its own.
 */
(function () {
  "use strict";
  function readJson(id) {
    if (!id) return null;
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }
  var config = readJson("trygg-map-config") || {};

  function areaStyle(feature) {
    var p = feature.properties || {};
    var fill = p.fill || (p.prioritised ? "#1f6fa8" : "#7a8a99");
    return { color: p.stroke || "#20323f", weight: p.prioritised ? 2.5 : 1.2, fillColor: fill,
             fillOpacity: p.fillOpacity != null ? p.fillOpacity : 0.12 };
  }

  function create(el) {
    var center = config.center || [59.3706, 16.5128];
    var map = L.map(el, { scrollWheelZoom: false }).setView(center, el.dataset.zoom ? +el.dataset.zoom : 12);
    if (config.tileUrl) {
      L.tileLayer(config.tileUrl, { maxZoom: 19, attribution: config.attribution || "" }).addTo(map);
    }
    var bounds = null;
    var outlines = readJson(el.dataset.outlines);
    if (outlines) {
      L.geoJSON(outlines, { interactive: false, style: function (f) {
        var p = f.properties || {};
        return { color: "#20323f", weight: p.prioritised ? 2.5 : 1.2, dashArray: "6 4", fill: false };
      } }).addTo(map);
    }
    var areas = readJson(el.dataset.areas);
    if (areas) {
      var areaLayer = L.geoJSON(areas, {
        style: areaStyle,
        onEachFeature: function (f, layer) {
          var p = f.properties || {};
          var label = p.label || p.name;
          if (label) layer.bindTooltip(label);
        },
      }).addTo(map);
      if (!el.dataset.picker && areaLayer.getLayers().length) bounds = areaLayer.getBounds();
    }
    var points = readJson(el.dataset.points);
    if (points && points.features) {
      var pointLayer = L.geoJSON(points, {
        pointToLayer: function (f, latlng) {
          var p = f.properties || {};
          return L.circleMarker(latlng, { radius: p.radius || 6, color: "#111", weight: 1,
                                          fillColor: p.color || "#c2410c", fillOpacity: 0.85 });
        },
        onEachFeature: function (f, layer) {
          var p = f.properties || {};
          if (p.label) layer.bindPopup(document.createTextNode(p.label).textContent);
        },
      }).addTo(map);
      if (pointLayer.getLayers().length && el.dataset.fit === "points") bounds = pointLayer.getBounds();
    }
    if (bounds && bounds.isValid()) map.fitBounds(bounds, { padding: [10, 10] });
    if (el.dataset.picker) picker(map, el);
    el._tryggMap = map;
    document.dispatchEvent(new CustomEvent("trygg:map-ready", { detail: { el: el, map: map } }));
    return map;
  }

  function picker(map, el) {
    var ids = el.dataset.picker.split(",");
    var latInput = document.getElementById(ids[0]);
    var lonInput = document.getElementById(ids[1]);
    var status = el.dataset.pickerStatus ? document.getElementById(el.dataset.pickerStatus) : null;
    var marker = null;
    function place(lat, lon, announce) {
      latInput.value = lat.toFixed(6);
      lonInput.value = lon.toFixed(6);
      if (marker) marker.setLatLng([lat, lon]);
      else marker = L.marker([lat, lon], { draggable: true, keyboard: true, title: el.dataset.markerTitle || "" })
        .on("dragend", function (e) { var ll = e.target.getLatLng(); place(ll.lat, ll.lng, true); }).addTo(map);
      if (status && announce) status.textContent = (el.dataset.pickedText || "Vald plats") + ": " + lat.toFixed(5) + ", " + lon.toFixed(5);
      latInput.dispatchEvent(new Event("change", { bubbles: true }));
    }
    if (latInput.value && lonInput.value) {
      place(parseFloat(latInput.value), parseFloat(lonInput.value), false);
      map.setView([parseFloat(latInput.value), parseFloat(lonInput.value)], 15);
    }
    map.on("click", function (e) { place(e.latlng.lat, e.latlng.lng, true); });
    var geo = el.dataset.geolocate ? document.getElementById(el.dataset.geolocate) : null;
    if (geo && navigator.geolocation) {
      geo.hidden = false;
      geo.addEventListener("click", function () {
        navigator.geolocation.getCurrentPosition(function (pos) {
          place(pos.coords.latitude, pos.coords.longitude, true);
          map.setView([pos.coords.latitude, pos.coords.longitude], 16);
        }, function () { if (status) status.textContent = el.dataset.geoErrorText || "Kunde inte hämta din position."; });
      });
    }
    // Keyboard users: "place marker at map centre" button.
    var centreBtn = el.dataset.centreButton ? document.getElementById(el.dataset.centreButton) : null;
    if (centreBtn) centreBtn.addEventListener("click", function () { var c = map.getCenter(); place(c.lat, c.lng, true); });
  }

  function init() {
    document.querySelectorAll("[data-trygg-map]").forEach(function (el) { if (!el._tryggMap) create(el); });
  }
  window.Trygg = window.Trygg || {};
  window.Trygg.createMap = create;
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
