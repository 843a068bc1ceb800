/* Hides "Open roles" items whose closing day has passed since the site was built.
   The site rebuilds daily; this covers the hours in between. Without JavaScript
   the list is simply as of the last build. */
(function () {
  "use strict";
  var now = new Date();
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  var today = now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
  var items = document.querySelectorAll("[data-closes]");
  Array.prototype.forEach.call(items, function (item) {
    if (item.getAttribute("data-closes") < today) {
      item.hidden = true;
    }
  });
  Array.prototype.forEach.call(document.querySelectorAll("[data-open-roles]"), function (widget) {
    if (!widget.querySelector("[data-closes]:not([hidden])")) {
      widget.hidden = true;
    }
  });
})();
