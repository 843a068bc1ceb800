/* The search page (plugins/site_search): starts Pagefind's UI (pagefind-ui.js, from
   the site's own pagefind/ folder), merges the index's other parts into it (the
   folders in data-merge-bundles), and runs the search in the address, ?q=words
   (the header's search box sends it) and ?kind=Jobs (a kind's filter).
   The site's address is read from data-site-root, so results link right under a
   project site's path (/blog/) and in a preview built with relative links.
   Without JavaScript this never runs and the page's <noscript> text shows. */
(function () {
  "use strict";
  var container = document.querySelector("[data-find]");
  if (!container) return;
  if (typeof window.PagefindUI !== "function") {
    var unavailable = document.querySelector("[data-find-unavailable]");
    if (unavailable) unavailable.hidden = false;
    return;
  }
  var root = new URL(container.getAttribute("data-site-root") || "/", document.baseURI).pathname;
  var bundle = root + "pagefind/";
  // A large site's index is in parts, each a bundle in a folder under the main one:
  // Pagefind searches them all and ranks their results together (each part's scores
  // are its own: a word's weight is how rare it is in that part). Each part is given
  // the site's address as the main one is, rather than Pagefind's guess from the path.
  var merged = (container.getAttribute("data-merge-bundles") || "").split(" ").filter(Boolean).map(
    function (folder) { return { bundlePath: bundle + folder, baseUrl: root }; }
  );
  var label = "Search posts, advice and roles";
  var ui = new window.PagefindUI({
    element: container,
    bundlePath: bundle,
    mergeIndex: merged,
    baseUrl: root,
    showImages: false,
    showEmptyFilters: false,
    openFilters: ["kind"],
    pageSize: 10,
    translations: { placeholder: label, search_label: label }
  });
  var params = new URLSearchParams(window.location.search);
  var kind = params.get("kind");
  if (kind) ui.triggerFilters({ kind: [kind] });
  var words = params.get("q");
  if (words && words.trim()) ui.triggerSearch(words.trim());
  var input = container.querySelector("input");
  if (!input) return;
  // Pagefind's box is labelled only by its title: give it a label one can see.
  input.id = "find-input";
  var visibleLabel = document.createElement("label");
  visibleLabel.htmlFor = input.id;
  visibleLabel.className = "find-label";
  visibleLabel.textContent = label;
  container.insertBefore(visibleLabel, container.firstChild);
  // Keep the address in step with the box, so a search can be shared or bookmarked
  // and Back returns to it.
  if (window.history.replaceState) {
    input.addEventListener("input", function () {
      var next = new URLSearchParams(window.location.search);
      if (input.value.trim()) next.set("q", input.value.trim()); else next.delete("q");
      var query = next.toString();
      window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : ""));
    });
  }
})();
