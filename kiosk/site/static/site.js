/* The phone site's only script: it shows what the visitor did at the kiosk, read from the
   address's fragment (#have=..., #outcome=...&a=..., #o=...&a=..., v=...), which the browser
   never sends to a server. The page reads fully without it. Encoding: docs/phone-site.md. */
(function () {
  "use strict";
  var doc = document, body = doc.body, km = doc.documentElement.lang === "km";
  var V = window.NSSF_VISIT || null;
  var KHMER_DIGITS = "០១២៣៤៥៦៧៨៩";
  function digits(s) {
    return km ? String(s).replace(/[0-9]/g, function (d) { return KHMER_DIGITS[+d]; }) : String(s);
  }
  function grouped(s) { return String(s).replace(/\B(?=(\d{3})+(?!\d))/g, km ? "." : ","); }
  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  // a text the build marked with zero-width spaces where a line may break (the kiosk's word
  // breaker): <wbr> there, each Khmer word between kept whole (<w>), as the pages are written
  function words(s) {
    return String(s).split("\u200b").map(function (piece) {
      return piece.split(/(\s+)/).map(function (part) {
        return /[\u1780-\u17ff]/.test(part) ? "<w>" + esc(part) + "</w>" : esc(part);
      }).join("");
    }).join("<wbr>");
  }
  function icon(name, css) {
    return '<svg class="' + (css || "i") + '" aria-hidden="true"><use href="#i-' + esc(name) + '"/></svg>';
  }
  function fragment() {
    var out = {};
    location.hash.replace(/^#/, "").split("&").forEach(function (pair) {
      var at = pair.indexOf("=");
      if (at > 0) {
        try { out[pair.slice(0, at)] = decodeURIComponent(pair.slice(at + 1)); } catch (e) { /* skip */ }
      }
    });
    return out;
  }
  var p = fragment();

  // the language switch keeps the visit
  var lang = doc.querySelector("a.lang");
  if (lang && location.hash) lang.href = lang.getAttribute("href").split("#")[0] + location.hash;

  // the content version the paper was printed from
  var printed = doc.getElementById("printed");
  if (printed && /^[0-9]{1,9}$/.test(p.v || "")) {
    var mine = body.getAttribute("data-version") || "";
    var text = printed.getAttribute("data-text").replace("{version}", digits(p.v));
    if (mine && +mine > +p.v) text += " " + printed.getAttribute("data-newer").replace("{version}", digits(mine));
    else if (mine && +mine < +p.v) text += " " + printed.getAttribute("data-older").replace("{version}", digits(mine));
    printed.innerHTML = words(text);
    printed.hidden = false;
  }

  // a checklist: the papers the visitor has, and those still to bring
  var need = doc.getElementById("need-list");
  if (need && p.have) {
    var held = {};
    p.have.split(",").forEach(function (id) { if (id) held[id] = true; });
    var have = doc.getElementById("have-list"), moved = 0;
    Array.prototype.slice.call(need.querySelectorAll("li[data-doc]")).forEach(function (li) {
      if (held[li.getAttribute("data-doc")]) { li.classList.add("have"); have.appendChild(li); moved++; }
    });
    if (moved) {
      have.hidden = false;
      doc.getElementById("have-heading").hidden = false;
      var heading = doc.getElementById("need-heading");
      heading.querySelector(".all").hidden = true;
      heading.querySelector(".need").hidden = false;
      if (!need.children.length) {
        need.hidden = heading.hidden = true;
        doc.getElementById("all-done").hidden = false;
      }
    }
  }

  // answers: a=1-<fact code><value>-...
  function answers(a) {
    var items = (a || "").split("-"), out = [];
    if (!V || items[0] !== "1") return out;
    items.slice(1).forEach(function (item) {
      var q = V.questions[item.slice(0, 3)], value = item.slice(3), shown = null;
      if (!q || !value) return;
      if (value === "y") shown = V.yes;
      else if (value === "n") shown = V.no;
      else if (value === "x") shown = V.dont_know;
      else if (/^[0-9]{1,12}$/.test(value)) shown = digits(grouped(+value)) + (q[1] ? " " + q[1] : "");
      else if (value.charAt(0) === "." && q[2][value.slice(1)]) shown = q[2][value.slice(1)];
      if (shown !== null) out.push([q[0], shown]);
    });
    return out;
  }
  var visit = doc.getElementById("visit");
  if (visit && V) {
    var shownAny = false, outcome = doc.getElementById("outcome");
    if (outcome && V.outcomes[p.outcome]) {
      outcome.innerHTML = words(V.outcomes[p.outcome][0]);
      visit.querySelector(".callout use").setAttribute("href", "#i-" + V.outcomes[p.outcome][1]);
      shownAny = true;
    } else if (outcome) {
      visit.querySelector(".callout").hidden = true;
    }
    var list = answers(p.a);
    doc.getElementById("answers").innerHTML = list.map(function (qa) {
      return "<dt>" + words(qa[0]) + "</dt><dd>" + words(qa[1]) + "</dd>";
    }).join("");
    if (!list.length) visit.querySelector("h2").hidden = true;
    visit.hidden = !(shownAny || list.length);
  }

  // "what can I get?": o=1-<benefit code><group letter><outcome letter>-...
  var groups = doc.getElementById("groups");
  if (groups && V && p.o) {
    var items = p.o.split("-"), by = {}, html = "";
    if (items[0] === "1") {
      items.slice(1).forEach(function (item) {
        var b = V.benefits[item.slice(0, 3)];
        if (b) (by[item.charAt(3)] = by[item.charAt(3)] || []).push([b, V.outcome_letters[item.charAt(4)]]);
      });
    }
    V.groups.forEach(function (g) {
      var found = by[g[0]];
      if (!found) return;
      html += '<section class="sec"><h2>' + icon(g[2]) + "<span>" + words(g[1]) + '</span></h2><div class="tiles">' +
        found.map(function (entry) {
          var b = entry[0], o = V.outcomes[entry[1]], note = o && g[0] !== "w" ? o[0] : "";
          return '<a class="tile" href="' + esc(b[2]) + '">' + icon(b[1], "i big") + "<span><strong>" +
            words(b[0]) + "</strong>" + (note ? "<small>" + words(note) + "</small>" : "") + "</span></a>";
        }).join("") + "</div></section>";
    });
    if (html) groups.innerHTML = html;
  }

  // pages opened stay readable offline (a service worker needs https, or this machine)
  if ("serviceWorker" in navigator && body.getAttribute("data-sw")) {
    navigator.serviceWorker.register(body.getAttribute("data-sw")).catch(function () {});
  }
})();
