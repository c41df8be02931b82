/* The "no connection" page's script (the service worker answers with that page for a page
   this phone never opened, at the address asked for): the language switch to the same page in
   the other language, "try again" reloads that address, and the pages this phone kept, in
   this language, drawn from their own kept copies. Runs after site.js. */
(function () {
  "use strict";
  var doc = document;
  var lang = doc.querySelector("a.lang");
  if (lang) {
    lang.href = lang.getAttribute("href").split("#")[0].replace(/[^\/]*$/, location.pathname.split("/").pop()) +
                location.hash;
  }
  var retry = doc.getElementById("retry");
  retry.href = location.href;
  retry.addEventListener("click", function (e) { e.preventDefault(); location.reload(); });
  if (!window.caches) return;

  var folder = location.pathname.replace(/[^\/]*$/, ""), defs = doc.querySelector("svg.defs");
  var list = doc.getElementById("kept-list");
  function tile(url, text) {
    var page = new DOMParser().parseFromString(text, "text/html"), h1 = page.getElementById("title");
    if (!h1 || !h1.querySelector("span")) return null;
    var pic = h1.querySelector("svg"), use = pic && pic.querySelector("use"), a = doc.createElement("a");
    var symbol = use && page.getElementById((use.getAttribute("href") || "").slice(1));
    if (symbol && defs && !doc.getElementById(symbol.id)) defs.appendChild(doc.importNode(symbol, true));
    var span = doc.createElement("span"), strong = doc.createElement("strong");
    a.className = "tile";
    a.href = url.pathname;
    if (pic) a.appendChild(doc.importNode(pic, true));
    strong.appendChild(doc.importNode(h1.querySelector("span"), true));
    span.appendChild(strong);
    a.appendChild(span);
    return a;
  }
  caches.open("nssf-site").then(function (cache) {  // the worker's cache (sw.js CACHE)
    return cache.keys().then(function (keys) {
      var urls = keys.map(function (k) { return new URL(k.url); }).filter(function (u) {
        var name = u.pathname.slice(folder.length);
        return u.pathname.indexOf(folder) === 0 && /^[a-z0-9-]+\.html$/.test(name) &&
               name !== "offline.html" && u.pathname !== location.pathname;
      });
      return Promise.all(urls.map(function (u) {
        return cache.match(u.href).then(function (hit) { return hit ? hit.text() : ""; }).then(function (text) {
          return tile(u, text);
        });
      }));
    });
  }).then(function (tiles) {  // in the order this phone opened them
    tiles.forEach(function (a) { if (a) list.appendChild(a); });
    if (list.children.length) doc.getElementById("kept").hidden = false;
  }).catch(function () {});
})();
