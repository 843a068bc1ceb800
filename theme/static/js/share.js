/* Share links (plugins/share_cards): the Copy link button under a post, and the
   "Share on Mastodon" page. Loads nothing and sends nothing anywhere: the Mastodon
   page only sends the reader, when they press Share, to the server they named. */
(function () {
  "use strict";

  // Copy link: the address is in a read-only field anyone can select; the button
  // appears only here, where it can work.
  document.querySelectorAll("[data-share-copy]").forEach(function (button) {
    var field = document.getElementById(button.getAttribute("data-share-copy"));
    var status = button.parentNode.querySelector(".share-copied");
    if (!field) return;
    function say(text) {
      if (status) status.textContent = text;
    }
    function selectField() {
      field.focus();
      field.select();
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(
          function () { say("Link copied."); },
          function () { selectField(); say("Press Ctrl+C (or Cmd+C) to copy the selected link."); }
        );
        return;
      }
      selectField();
      var copied = false;
      try { copied = document.execCommand("copy"); } catch (error) { copied = false; }
      say(copied ? "Link copied." : "Press Ctrl+C (or Cmd+C) to copy the selected link.");
    });
  });

  // Share on Mastodon: the words come in ?text=; the server is asked for (and
  // remembered in this browser only), then the reader goes to its share page.
  var form = document.querySelector("form[data-share-mastodon]");
  if (!form) return;
  var server = form.querySelector("[name=server]");
  var text = form.querySelector("[name=text]");
  var error = form.querySelector(".share-error");
  var KEY = "shortlist-mastodon-server";
  var words = new URLSearchParams(window.location.search).get("text");
  if (words) text.value = words;
  try {
    var remembered = window.localStorage.getItem(KEY);
    if (remembered) server.value = remembered;
  } catch (ignored) { /* storage off: nothing remembered */ }
  document.querySelectorAll("[data-share-mastodon-without-js]").forEach(function (note) { note.hidden = true; });
  form.hidden = false;

  // "mastodon.social", "https://mastodon.social/", "@me@mastodon.social" -> the host.
  function host(value) {
    return value.trim().replace(/^https?:\/\//i, "").replace(/^@?[^@\s\/]+@/, "").replace(/[\/?#].*$/, "").toLowerCase();
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var name = host(server.value);
    if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+(:\d+)?$/.test(name)) {
      error.textContent = "Write your server's name, such as mastodon.social.";
      server.focus();
      return;
    }
    error.textContent = "";
    try { window.localStorage.setItem(KEY, name); } catch (ignored) { /* not remembered */ }
    window.location.href = "https://" + name + "/share?text=" + encodeURIComponent(text.value);
  });
})();
