/* "Listen to this article": reads the article's headings and paragraphs aloud with
   the browser's own speech (Web Speech API), in the page's language. Nothing is sent
   anywhere. Without speechSynthesis (or without JavaScript) the controls stay hidden. */
(function () {
  "use strict";
  var box = document.querySelector("[data-listen]");
  var synth = window.speechSynthesis;
  if (!box || !synth || typeof window.SpeechSynthesisUtterance !== "function") {
    return;
  }
  var body = document.querySelector(box.getAttribute("data-listen"));
  if (!body) {
    return;
  }
  var play = box.querySelector("[data-listen-play]");
  var stop = box.querySelector("[data-listen-stop]");
  var status = box.querySelector("[data-listen-status]");
  var lang = document.documentElement.lang || "en";
  var READABLE = "h2, h3, h4, p, li, summary, blockquote, dt, dd";
  var state = "idle";
  var run = 0;

  /* Innermost readable blocks only, so a list item's paragraph is read once. */
  function blocks() {
    return Array.prototype.filter.call(body.querySelectorAll(READABLE), function (el) {
      return el.textContent.trim() !== "" && !el.querySelector(READABLE);
    });
  }

  function sectionOf(el) {
    var headings = body.querySelectorAll("h2");
    var name = "";
    Array.prototype.forEach.call(headings, function (h) {
      if (h.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING || h === el) {
        name = h.textContent.replace(/\s+/g, " ").trim();
      }
    });
    return name;
  }

  function show(next) {
    state = next;
    play.textContent = next === "playing" ? "Pause" : next === "paused" ? "Resume" : "Listen to this article";
    play.setAttribute("aria-pressed", next === "playing" ? "true" : "false");
    stop.disabled = next === "idle";
    if (next === "idle") {
      status.textContent = "";
    }
  }

  function start() {
    synth.cancel();
    run += 1;
    var thisRun = run;
    var parts = blocks();
    parts.forEach(function (el, index) {
      var utterance = new window.SpeechSynthesisUtterance(el.textContent.replace(/\s+/g, " ").trim());
      utterance.lang = lang;
      utterance.onstart = function () {
        var section = sectionOf(el);
        status.textContent = section ? "Reading: " + section : "Reading the introduction";
      };
      if (index === parts.length - 1) {
        utterance.onend = function () {
          if (thisRun === run) {
            show("idle");
          }
        };
      }
      synth.speak(utterance);
    });
    show("playing");
  }

  play.addEventListener("click", function () {
    if (state === "idle") {
      start();
    } else if (state === "playing") {
      synth.pause();
      show("paused");
    } else {
      synth.resume();
      show("playing");
    }
  });
  stop.addEventListener("click", function () {
    run += 1;
    synth.cancel();
    show("idle");
  });
  window.addEventListener("pagehide", function () {
    synth.cancel();
  });
  box.hidden = false;
})();
