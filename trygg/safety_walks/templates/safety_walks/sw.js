/* Trygg safety walks: keep each walk page and its assets so that it opens again without a connection (the
 * findings recorded there wait in IndexedDB and are sent when the connection is back). Scope: /org/walks/.
 * Only GET requests are answered; the walk page comes from the network whenever there is one. Signing out
 * removes the kept pages (trygg/js/nav.js). */
"use strict";
var CACHE = "{{ cache_name }}";
var STATIC = "{{ static_url|escapejs }}";
var WALK_PAGE = new RegExp("^{{ walks_prefix|escapejs }}\\d+/walk/$");

function isStatic(url) { return new URL(url, self.location.href).pathname.indexOf(STATIC) === 0; }

function keepable(url) {
  var u = new URL(url, self.location.href);
  return u.origin === self.location.origin && (WALK_PAGE.test(u.pathname) || isStatic(url));
}

function keep(cache, request, response) {  // resolves true when kept
  if (!response.ok || response.redirected || response.type !== "basic") return Promise.resolve(false);
  return cache.put(request, response).then(function () { return true; });
}

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });

// The page lists itself (first) and what it loaded: it was fetched before this worker controlled it. The
// answer says whether all of it is kept, so the page can tell that it now opens without a connection.
self.addEventListener("message", function (event) {
  var urls = ((event.data && event.data.keep) || []).filter(keepable);
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return Promise.all(urls.map(function (url) {
      return (isStatic(url) ? cache.match(url, { ignoreVary: true }) : Promise.resolve(null)).then(function (kept) {
        if (kept) return true;  // a static file's name changes with its content: no need to fetch it again
        return fetch(url, { credentials: "same-origin" }).then(function (response) { return keep(cache, url, response); });
      }).catch(function () { return false; });  // no connection now: kept on a later visit
    }));
  }).then(function (kept) {
    if (event.source) event.source.postMessage({ offlineReady: kept.length > 0 && kept.every(Boolean) });
  }));
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || !keepable(request.url)) return;
  if (request.mode === "navigate") {  // the walk page: the network first, the kept copy without a connection
    event.respondWith(fetch(request).then(function (response) {
      var copy = response.clone();
      caches.open(CACHE).then(function (cache) { return keep(cache, request, copy); });
      return response;
    }).catch(function () {
      return caches.match(request, { ignoreVary: true }).then(function (kept) { return kept || Response.error(); });
    }));
    return;
  }
  if (isStatic(request.url)) {  // static files carry their hash: kept copy first
    event.respondWith(caches.match(request, { ignoreVary: true }).then(function (kept) {
      return kept || fetch(request);
    }));
  }
});
