/* The phone site's service worker: every page a visitor opens stays readable offline.
   Pages: the network first (new content shows at once), the copy kept here when there is no
   network or it is too slow; a page never opened, with no network: the site's own "no
   connection" page instead of the browser's error. Fonts, style and script have their hash in their name: kept
   here once, never asked again. Nothing about the visitor is kept: the fragment of an address
   (their ticks and answers) never reaches this worker's cache keys. */
"use strict";
var VERSION = @VERSION@;  // the content this worker came with: a new version is a new worker
var CACHE = "nssf-site";  // site.js reads it too (the offline page lists what it kept)
var ASSETS = @ASSETS@;  // the current build's hashed files
var OFFLINE = ["km/offline.html", "en/offline.html"];  // "no connection", for a page never opened
var NO_CONNECTION = @NO_CONNECTION@;  // in case even that page is missing
var SLOW_MS = 4000;

// the style, script, tables, fonts and the offline pages: kept at once (the first page loaded
// them before this worker ran), so the first page read offline has its letters and its look
self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return cache.addAll(ASSETS.map(function (a) { return "assets/" + a; }).concat(OFFLINE));
  }).then(function () { return self.skipWaiting(); }));
});
self.addEventListener("activate", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    var stale = cache.keys().then(function (keys) {
      return Promise.all(keys.filter(function (req) {
        var path = new URL(req.url).pathname;
        return path.indexOf("/assets/") >= 0 && !ASSETS.some(function (a) { return path.endsWith("/" + a); });
      }).map(function (req) { return cache.delete(req); }));
    });
    // the page that registered this worker was fetched before it ran: keep it too
    var opened = self.clients.matchAll({ type: "window", includeUncontrolled: true }).then(function (windows) {
      return Promise.all(windows.map(function (w) {
        return cache.add(w.url.split("#")[0]).catch(function () {});
      }));
    });
    return Promise.all([stale, opened]);
  }).then(function () { return self.clients.claim(); }));
});

function fromNetwork(request, cache) {
  return fetch(request).then(function (response) {
    if (response.ok) cache.put(request, response.clone());
    return response;
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request, url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  event.respondWith(caches.open(CACHE).then(function (cache) {
    if (url.pathname.indexOf("/assets/") >= 0) {
      return cache.match(request).then(function (hit) { return hit || fromNetwork(request, cache); });
    }
    var network = fromNetwork(request, cache);
    var slow = new Promise(function (resolve) { setTimeout(resolve, SLOW_MS); });
    return Promise.race([network.catch(function () { return null; }), slow]).then(function (response) {
      return response || cache.match(request, { ignoreSearch: true }).then(function (hit) {
        if (hit) return hit;
        // never kept: wait for the network; if it fails, say so in the page's language
        return request.mode === "navigate" ? network.catch(function () { return offline(cache, url); })
                                           : network;
      });
    });
  }));
});

// "no connection" in the language of the address asked for (/km/... or /en/...), 503: it is
// not the page, and nothing should keep it as the page
function offline(cache, url) {
  var locale = /\/en\/[^\/]*$/.test(url.pathname) ? "en" : "km";
  return cache.match(new URL(locale + "/offline.html", self.registration.scope)).then(function (hit) {
    var body = hit ? hit.text() : Promise.resolve("<!doctype html><meta charset=utf-8><p>" + NO_CONNECTION + "</p>");
    return body.then(function (text) {
      return new Response(text, { status: 503, statusText: "Offline",
                                  headers: { "Content-Type": "text/html; charset=utf-8" } });
    });
  });
}
