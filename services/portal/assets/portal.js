// The portal's only script of its own. Pages work without it (forms post and redirect);
// with it, what the page shows follows the tenant's event stream: on a change to the
// account or list on screen, htmx re-fetches that part from the server, which renders it.
(function () {
  "use strict";

  function liveTarget() {
    return document.querySelector("[data-live-account]") || document.querySelector("[data-live-list]");
  }

  function refresh() {
    var panel = document.querySelector("[data-live-account]");
    if (panel) {
      window.htmx.trigger(panel, "refresh");
    } else if (document.querySelector("[data-live-list]")) {
      window.htmx.ajax("GET", window.location.href, { target: "main", select: "main", swap: "outerHTML" });
    }
  }

  function indicate(on) {
    document.querySelectorAll("[data-live-indicator]").forEach(function (el) {
      el.hidden = !on;
    });
  }

  function follow() {
    var target = liveTarget();
    if (!target || !window.EventSource || !window.htmx) {
      return;
    }
    var url = "/portal/events";
    if (target.dataset.liveAccount) {
      url += "?account_id=" + encodeURIComponent(target.dataset.liveAccount);
    }
    // The browser reconnects by itself, sending Last-Event-ID; a gap means "re-read".
    var source = new EventSource(url);
    source.onopen = function () { indicate(true); };
    source.onerror = function () { indicate(false); };
    source.onmessage = refresh;
    // The panel is replaced on each refresh: show the indicator on the new one too.
    document.body.addEventListener("htmx:afterSwap", function () {
      indicate(source.readyState === 1);
    });
  }

  document.addEventListener("DOMContentLoaded", follow);
})();
