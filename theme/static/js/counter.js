/* Counts this page view, and each press of an Apply button, with GoatCounter.
   Loaded only when the site owner switched counting on (ANALYTICS_GOATCOUNTER in
   pelicanconf.py; plugins/site_counter); the script tag's data-endpoint is the
   count address, the only other host this page then contacts.

   Each count is one request to that address with GoatCounter's documented /count
   parameters (tpl/help/pixel.md in arp242/goatcounter; the names are hit.go's):
     p    the page's path, or the event's name (apply:/jobs/<slug>/)
     t    the page's title, or the Apply button's text
     r    the referrer, as the browser gives it (page views only)
     e    "true" for an event (an Apply click); absent for a page view
     q    only the campaign parameters of the page's query (utm_source, ref, ...),
          which GoatCounter reads for the referrer and campaign; never the rest
     s    the screen's width
     b    153 when the browser says it is driven by automation (navigator.webdriver)
     rnd  a random cache buster, which GoatCounter ignores
   Like GoatCounter's own count.js: sent with navigator.sendBeacon (which outlives
   the page, so a click that leaves it is still counted), else as an image; and
   nothing is sent from a local address or a file, or inside a frame. Unlike it:
   nothing is sent when the reader asks not to be tracked (Do Not Track, Global
   Privacy Control); the page's own query string is not sent (the search page's
   holds what the reader searched for); and nothing is kept in the browser, no
   cookie and no storage. */
(function () {
  "use strict";
  var script = document.currentScript;
  var endpoint = script && script.getAttribute("data-endpoint");
  if (!endpoint) {
    return;
  }

  // The reader's "do not track me" (Do Not Track: "1", or "yes" in old browsers),
  // or its successor, Global Privacy Control.
  function readerOptedOut() {
    var dnt = navigator.doNotTrack || window.doNotTrack || navigator.msDoNotTrack;
    return dnt === "1" || dnt === "yes" || navigator.globalPrivacyControl === true;
  }

  // A preview on this machine or the local network, or a saved file: not a reader.
  // (The address patterns are count.js's, plus IPv6's loopback.)
  function notThePublishedSite() {
    var local = /(localhost$|^127\.|^10\.|^172\.(1[6-9]|2[0-9]|3[0-1])\.|^192\.168\.|^0\.0\.0\.0$|^\[::1\]$)/;
    return location.protocol === "file:" || local.test(location.hostname);
  }

  function inFrame() {
    try {
      return window.self !== window.top;
    } catch (crossOrigin) {
      return true;
    }
  }

  if (readerOptedOut() || notThePublishedSite() || inFrame()) {
    return;
  }

  // The query parameters GoatCounter reads a referrer or campaign from (hit.go).
  var CAMPAIGN_PARAMETERS = ["utm_source", "ref", "src", "source", "utm_campaign", "campaign"];

  function campaignQuery() {
    var kept = [];
    var params = new URLSearchParams(location.search);
    CAMPAIGN_PARAMETERS.forEach(function (name) {
      var value = params.get(name);
      if (value) {
        kept.push(encodeURIComponent(name) + "=" + encodeURIComponent(value));
      }
    });
    return kept.length ? "?" + kept.join("&") : "";
  }

  function send(data) {
    data.s = window.screen ? window.screen.width : "";
    data.b = navigator.webdriver ? 153 : "";
    data.rnd = Math.random().toString(36).slice(2, 7);
    var query = Object.keys(data)
      .filter(function (name) { return data[name] !== "" && data[name] !== undefined && data[name] !== null; })
      .map(function (name) { return encodeURIComponent(name) + "=" + encodeURIComponent(data[name]); })
      .join("&");
    var url = endpoint + "?" + query;
    if (navigator.sendBeacon && navigator.sendBeacon(url)) {
      return;
    }
    // sendBeacon missing, or refused: an image request, as count.js falls back to.
    var image = new Image(1, 1);
    image.src = url;
  }

  function countView() {
    send({
      p: location.pathname,
      t: document.title,
      r: document.referrer,
      q: campaignQuery()
    });
  }

  // An Apply click: the link goes on to the employer as usual (no preventDefault).
  // A middle click (auxclick, button 1) opens it in a new tab, and counts too.
  function countApply(event) {
    if (event.type === "auxclick" && event.button !== 1) {
      return;
    }
    var link = event.currentTarget;
    send({
      p: link.getAttribute("data-count-event"),
      t: link.textContent.replace(/\s+/g, " ").trim(),
      e: "true"
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("a[data-count-event]"), function (link) {
    link.addEventListener("click", countApply);
    link.addEventListener("auxclick", countApply);
  });

  // A page being prerendered, or opened in a background tab, is counted when the
  // reader first sees it (as count.js waits for visibilityState "visible").
  function whenSeen(callback) {
    if (document.prerendering) {
      document.addEventListener("prerenderingchange", function () { whenSeen(callback); }, { once: true });
    } else if (document.visibilityState && document.visibilityState !== "visible") {
      var onChange = function () {
        if (document.visibilityState === "visible") {
          document.removeEventListener("visibilitychange", onChange);
          callback();
        }
      };
      document.addEventListener("visibilitychange", onChange);
    } else {
      callback();
    }
  }

  whenSeen(countView);
})();
