/* Safety walks: draw the route on the plan page; on the walk page queue findings offline (IndexedDB,
 * localStorage fallback without photos) under a client UUID and sync them when online; on the edit page of a
 * synced finding keep the form when offline. No inline scripts (CSP).
 * Load before map.js: it listens for map.js's "trygg:map-ready" event. */
(function () {
  "use strict";

  function readJson(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  // ---- plan: route as a polyline ------------------------------------------------------------
  function routeEditor(el, map) {
    var input = document.getElementById(el.dataset.routeInput);
    var status = document.getElementById(el.dataset.routeStatus);
    var list = document.getElementById("route-points");
    var areaSelect = document.getElementById("id_area");
    var placeSelect = document.getElementById("route-place");
    var places = readJson("route-places") || [];
    var areas = readJson(el.dataset.areas) || { features: [] };
    var points = [];  // [lat, lon]
    try {
      var stored = input.value ? JSON.parse(input.value) : null;
      if (stored && stored.coordinates) points = stored.coordinates.map(function (c) { return [c[1], c[0]]; });
    } catch (e) { points = []; }
    var line = L.polyline(points, { color: "#7c2d12", weight: 4 }).addTo(map);
    var markers = L.layerGroup().addTo(map);

    function render(announce) {
      line.setLatLngs(points);
      markers.clearLayers();
      points.forEach(function (p, i) {
        L.circleMarker(p, { radius: 5, color: "#7c2d12", fillColor: "#fff", fillOpacity: 1, weight: 2 })
          .bindTooltip(String(i + 1)).addTo(markers);
      });
      input.value = points.length ? JSON.stringify({
        type: "LineString", coordinates: points.map(function (p) { return [+p[1].toFixed(6), +p[0].toFixed(6)]; }),
      }) : "";
      list.textContent = "";
      points.forEach(function (p, i) {
        var li = document.createElement("li");
        li.textContent = (p[2] || (p[0].toFixed(5) + ", " + p[1].toFixed(5)));
        list.appendChild(li);
      });
      if (announce) status.textContent = (el.dataset.textCount || "%n").replace("%n", String(points.length));
    }

    function fitArea() {
      if (!areaSelect || !areaSelect.value) return;
      var layer = L.geoJSON({ type: "FeatureCollection", features: areas.features.filter(function (f) {
        return String(f.id) === String(areaSelect.value);
      }) });
      if (layer.getLayers().length) map.fitBounds(layer.getBounds(), { padding: [10, 10] });
    }

    function fillPlaces() {
      var slug = null;
      areas.features.forEach(function (f) {
        if (areaSelect && String(f.id) === String(areaSelect.value)) slug = f.properties.slug;
      });
      var first = placeSelect.options[0];
      placeSelect.textContent = "";
      placeSelect.appendChild(first);
      places.filter(function (p) { return !slug || p.area === slug; }).forEach(function (p) {
        var opt = document.createElement("option");
        opt.value = String(p.id);
        opt.textContent = p.name;
        placeSelect.appendChild(opt);
      });
    }

    map.on("click", function (e) { points.push([e.latlng.lat, e.latlng.lng]); render(true); });
    document.getElementById("route-undo").addEventListener("click", function () { points.pop(); render(true); });
    document.getElementById("route-clear").addEventListener("click", function () { points = []; render(true); });
    document.getElementById("route-add-place").addEventListener("click", function () {
      var chosen = places.filter(function (p) { return String(p.id) === placeSelect.value; })[0];
      if (!chosen) { status.textContent = el.dataset.textChoosePlace || ""; return; }
      points.push([chosen.lat, chosen.lon, chosen.name]);
      render(true);
    });
    if (areaSelect) areaSelect.addEventListener("change", function () { fillPlaces(); fitArea(); });
    fillPlaces();
    render(false);
    if (points.length >= 2) map.fitBounds(line.getBounds(), { padding: [20, 20] }); else fitArea();
  }

  // ---- walk: offline queue ------------------------------------------------------------------
  var DB_NAME = "trygg-walks";
  var STORE = "findings";
  var LS_KEY = "trygg-walks-queue";

  function openDb() {
    return new Promise(function (resolve, reject) {
      if (!window.indexedDB) { reject(new Error("no indexeddb")); return; }
      var req = indexedDB.open(DB_NAME, 1);
      req.onupgradeneeded = function () { req.result.createObjectStore(STORE, { keyPath: "uuid" }); };
      req.onsuccess = function () { resolve(req.result); };
      req.onerror = function () { reject(req.error); };
    });
  }

  var queue = {
    all: function () {
      return openDb().then(function (db) {
        return new Promise(function (resolve, reject) {
          var req = db.transaction(STORE, "readonly").objectStore(STORE).getAll();
          req.onsuccess = function () { resolve(req.result || []); };
          req.onerror = function () { reject(req.error); };
        });
      }).catch(function () { return JSON.parse(localStorage.getItem(LS_KEY) || "[]"); });
    },
    put: function (item) {
      return openDb().then(function (db) {
        return new Promise(function (resolve, reject) {
          var tx = db.transaction(STORE, "readwrite");
          tx.objectStore(STORE).put(item);
          tx.oncomplete = function () { resolve(); };
          tx.onerror = function () { reject(tx.error); };
        });
      }).catch(function () {
        var items = JSON.parse(localStorage.getItem(LS_KEY) || "[]").filter(function (i) { return i.uuid !== item.uuid; });
        var copy = Object.assign({}, item); delete copy.photo;  // localStorage cannot hold files
        items.push(copy);
        localStorage.setItem(LS_KEY, JSON.stringify(items));
      });
    },
    remove: function (uuid) {
      return openDb().then(function (db) {
        return new Promise(function (resolve, reject) {
          var tx = db.transaction(STORE, "readwrite");
          tx.objectStore(STORE).delete(uuid);
          tx.oncomplete = function () { resolve(); };
          tx.onerror = function () { reject(tx.error); };
        });
      }).catch(function () {
        var items = JSON.parse(localStorage.getItem(LS_KEY) || "[]").filter(function (i) { return i.uuid !== uuid; });
        localStorage.setItem(LS_KEY, JSON.stringify(items));
      });
    },
  };

  function uuid4() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  // The walk page opens again without a connection: a service worker keeps it and what it loaded.
  function keepForOffline(form) {
    if (!("serviceWorker" in navigator) || !form.dataset.serviceWorker) return;
    navigator.serviceWorker.addEventListener("message", function (event) {
      var note = document.getElementById("offline-ready");
      if (note && event.data && event.data.offlineReady) note.hidden = false;
    });
    navigator.serviceWorker.register(form.dataset.serviceWorker, { scope: form.dataset.serviceWorkerScope })
      .then(function () { return navigator.serviceWorker.ready; })
      .then(function (registration) {
        var assets = document.querySelectorAll("link[rel=stylesheet][href], script[src], img[src]");
        var keep = [location.href].concat(Array.prototype.map.call(assets, function (el) { return el.href || el.src; }));
        registration.active.postMessage({ keep: keep });
      }).catch(function () { /* no service worker (private mode, old browser): the page works online as before */ });
  }

  function walkPage(form) {
    var walkId = form.dataset.walk;
    var t = form.dataset;
    var pendingList = document.getElementById("pending-findings");
    var pendingEmpty = document.getElementById("pending-empty");
    var syncedList = document.getElementById("synced-findings");
    var syncedCount = document.getElementById("synced-count");
    var status = document.getElementById("finding-status");
    var errors = document.getElementById("finding-errors");
    var connection = document.getElementById("connection");
    var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
    var syncing = false;

    function showConnection() {
      var online = navigator.onLine;
      connection.textContent = online ? connection.dataset.onlineText : connection.dataset.offlineText;
      connection.classList.toggle("offline", !online);
    }

    function label(item) {
      var select = form.querySelector("#id_checklist_item");
      var opt = select.querySelector("option[value='" + item.checklist_item + "']");
      var kind = form.querySelector("input[name=kind][value='" + item.kind + "']");
      var kindLabel = kind ? form.querySelector("label[for='" + kind.id + "']").textContent : item.kind;
      return kindLabel + ": " + (opt ? opt.textContent : "") + (item.comment ? " – " + item.comment.slice(0, 80) : "");
    }

    function renderPending() {
      return queue.all().then(function (items) {
        items = items.filter(function (i) { return i.walk === walkId; });
        pendingList.textContent = "";
        items.forEach(function (item) {
          var li = document.createElement("li");
          li.dataset.uuid = item.uuid;
          var state = document.createElement("span");
          state.className = "state " + (item.error ? "state-failed" : "state-pending");
          state.textContent = item.error ? t.textFailed + ":" : t.textPending + ":";
          li.appendChild(state);
          li.appendChild(document.createTextNode(" " + label(item)));
          if (item.error) {
            var err = document.createElement("span");
            err.className = "errorlist field-message";
            err.textContent = item.error;
            li.appendChild(err);
            var remove = document.createElement("button");
            remove.type = "button";
            remove.className = "button secondary";
            remove.textContent = t.textRemove;
            remove.addEventListener("click", function () { queue.remove(item.uuid).then(renderPending); });
            li.appendChild(remove);
          }
          pendingList.appendChild(li);
          pin(item, false);
        });
        pendingEmpty.hidden = items.length > 0;
        return items;
      });
    }

    // Queued findings on the map: dashed while waiting, solid once stored.
    var mapEl = form.querySelector("[data-trygg-map]");
    var pinned = {};
    function pin(item, synced) {
      var map = mapEl && mapEl._tryggMap;
      if (!map || !item.lat || !item.lon) return;
      var style = { radius: 7, weight: 2, color: "#111", fillOpacity: synced ? 0.85 : 0.3,
                    dashArray: synced ? null : "3 3", fillColor: item.kind === "problem" ? "#b91c1c" : "#15803d" };
      if (pinned[item.uuid]) { pinned[item.uuid].setStyle(style); return; }
      pinned[item.uuid] = L.circleMarker([+item.lat, +item.lon], style).addTo(map);
    }

    function markSynced(finding) {
      pin({ uuid: finding.client_uuid, lat: finding.lat, lon: finding.lon, kind: finding.kind }, true);
      if (syncedList.querySelector("li[data-uuid='" + finding.client_uuid + "']")) return;
      var li = document.createElement("li");
      li.dataset.uuid = finding.client_uuid;
      var badge = document.createElement("span");
      badge.className = "badge " + (finding.kind === "problem" ? "badge-danger" : "badge-ok");
      badge.textContent = finding.kind_label;
      li.appendChild(badge);
      li.appendChild(document.createTextNode(" " + finding.number + ". " + finding.checklist_label +
        (finding.comment ? " – " + finding.comment.slice(0, 80) : "") + " "));
      if (finding.edit_url && t.textEdit) {
        var edit = document.createElement("a");
        edit.href = finding.edit_url;
        edit.className = "finding-edit-link";
        edit.textContent = t.textEdit.replace("%n", String(finding.number));
        li.appendChild(edit);
      }
      syncedList.appendChild(li);
      syncedCount.textContent = String(syncedList.children.length);
    }

    function send(item) {
      var data = new FormData();
      data.append("csrfmiddlewaretoken", csrf);
      ["client_uuid", "kind", "checklist_item", "lat", "lon", "comment", "proposed_action", "recorded_at"]
        .forEach(function (k) { data.append(k, item[k] == null ? "" : item[k]); });
      if (item.photo) data.append("photo", item.photo, item.photoName || "foto.jpg");
      return fetch(form.action, { method: "POST", body: data, credentials: "same-origin",
                                  headers: { "Accept": "application/json", "X-CSRFToken": csrf } });
    }

    function sync() {
      if (syncing || !navigator.onLine) return Promise.resolve();
      syncing = true;
      return queue.all().then(function (items) {
        items = items.filter(function (i) { return i.walk === walkId && !i.error; });
        var chain = Promise.resolve();
        items.forEach(function (item) {
          chain = chain.then(function () {
            return send(item).then(function (response) {
              if (response.redirected) {  // session ended: the login page answered; keep the queue
                status.textContent = t.textAuth;
                throw new Error("signed out");
              }
              if (response.ok) {
                return response.json().then(function (body) {
                  markSynced(body.finding);
                  return queue.remove(item.uuid);
                });
              }
              if (response.status === 400) {
                return response.json().then(function (body) {
                  var messages = [];
                  Object.keys(body.errors || {}).forEach(function (k) { messages = messages.concat(body.errors[k]); });
                  item.error = messages.join(" ");
                  return queue.put(item);
                });
              }
              if (response.status === 403) status.textContent = t.textAuth;
              throw new Error("server " + response.status);  // keep queued, try later
            });
          });
        });
        return chain;
      }).catch(function () { /* offline or server error: stays queued */ })
        .then(function () { syncing = false; return renderPending(); });
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      errors.textContent = "";
      var fd = new FormData(form);
      var problems = [];
      if (!fd.get("lat") || !fd.get("lon")) problems.push(t.errorPoint);
      if (!fd.get("checklist_item")) problems.push(t.errorItem);
      if (fd.get("kind") === "problem" && !String(fd.get("comment") || "").trim()) problems.push(t.errorComment);
      if (problems.length) { errors.textContent = problems.join(" "); return; }
      var photo = fd.get("photo");
      var item = {
        uuid: uuid4(), walk: walkId, kind: fd.get("kind"), checklist_item: fd.get("checklist_item"),
        lat: fd.get("lat"), lon: fd.get("lon"), comment: fd.get("comment") || "",
        proposed_action: fd.get("proposed_action") || "", recorded_at: new Date().toISOString(),
        photo: photo && photo.size ? photo : null, photoName: photo && photo.size ? photo.name : null,
      };
      item.client_uuid = item.uuid;
      queue.put(item).then(function () {
        form.querySelector("#id_comment").value = "";
        form.querySelector("#id_proposed_action").value = "";
        form.querySelector("#id_photo").value = "";
        status.textContent = t.textQueued;
        return renderPending();
      }).then(sync).then(function () {
        if (!pendingList.querySelector("li[data-uuid='" + item.uuid + "']")) status.textContent = t.textSaved;
      });
    });

    keepForOffline(form);
    window.addEventListener("online", function () { showConnection(); sync(); });
    window.addEventListener("offline", showConnection);
    setInterval(sync, 20000);
    showConnection();
    renderPending().then(sync);
  }

  // ---- ordinary form posts on a walk: offline nothing is sent and what was typed stays in the form -------
  function keepWhenOffline(form, status, onSubmitOnline) {
    form.addEventListener("submit", function (event) {
      if (navigator.onLine) { if (onSubmitOnline) onSubmitOnline(); return; }
      event.preventDefault();
      status.textContent = form.dataset.textOffline || "";
    });
  }

  function editPage(form) {
    var summary = document.getElementById("error-summary");
    if (summary) summary.focus();
    keepWhenOffline(form, document.getElementById("edit-status"));
  }

  // The checklist: answers not yet saved are also kept in the phone (localStorage, per walk), so that they
  // are filled in again when the page is reopened, with or without a connection, until they are saved.
  function checklist(form) {
    var status = document.getElementById("checklist-status");
    var key = "trygg-walk-checklist-" + form.dataset.walk;
    function fields() { return form.querySelectorAll("input[type=radio][name^=item_], textarea[name^=comment_]"); }
    function save() {
      var draft = {};
      fields().forEach(function (el) {
        if (el.type === "radio") { if (el.checked) draft[el.name] = el.value; } else draft[el.name] = el.value;
      });
      try { localStorage.setItem(key, JSON.stringify(draft)); } catch (e) { /* full or private mode */ }
    }
    var draft = null;
    try { draft = JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { draft = null; }
    if (draft) {
      var changed = false;
      fields().forEach(function (el) {
        if (!(el.name in draft)) return;
        if (el.type === "radio") {
          var on = draft[el.name] === el.value;
          if (el.checked !== on) { el.checked = on; changed = true; }
        } else if (el.value !== draft[el.name]) {
          el.value = draft[el.name];
          if (el.value) el.closest("details").open = true;
          changed = true;
        }
      });
      if (changed) status.textContent = form.dataset.textRestored || "";
    }
    form.addEventListener("input", save);
    form.addEventListener("change", save);
    keepWhenOffline(form, status, function () { localStorage.removeItem(key); });
  }

  // Zoom to the route and the findings (the area outline alone is too coarse to tap a finding's place).
  function fitWalk(el, map) {
    var lat = document.getElementById("id_lat");
    if (lat && lat.value) return;
    var areas = readJson(el.dataset.areas) || { features: [] };
    var points = readJson(el.dataset.points) || { features: [] };
    var features = areas.features.filter(function (f) { return f.geometry && f.geometry.type === "LineString"; })
      .concat(points.features || []);
    var layer = L.geoJSON({ type: "FeatureCollection", features: features.length ? features : areas.features });
    if (layer.getLayers().length) map.fitBounds(layer.getBounds(), { padding: [30, 30], maxZoom: 17 });
  }

  document.addEventListener("trygg:map-ready", function (e) {
    var el = e.detail.el;
    if (el.dataset.routeInput) routeEditor(el, e.detail.map);
    if (el.dataset.fitWalk) fitWalk(el, e.detail.map);
  });

  function init() {
    var form = document.getElementById("finding-form");
    if (form) walkPage(form);
    var editForm = document.getElementById("finding-edit-form");
    if (editForm) editPage(editForm);
    var checklistForm = document.getElementById("checklist-form");
    if (checklistForm) checklist(checklistForm);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
