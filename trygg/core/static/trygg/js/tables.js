/* A wide table on a phone scrolls sideways inside its .table-wrap. A keyboard user can only scroll a region
 * they can focus (WCAG 2.1.1, axe "scrollable-region-focusable"), so a wrapper that actually overflows becomes
 * a focusable region named by its table's caption; one that fits stays out of the tab order. Templates that
 * already mark their wrapper (tabindex in the markup) are left alone. */
(function () {
  "use strict";
  var wraps = Array.prototype.filter.call(document.querySelectorAll(".table-wrap"), function (wrap) {
    return !wrap.hasAttribute("tabindex");
  });
  if (!wraps.length) return;

  function mark(wrap) {
    if (wrap.scrollWidth > wrap.clientWidth) {
      wrap.setAttribute("tabindex", "0");
      wrap.setAttribute("role", "region");
      var caption = wrap.querySelector("caption");
      var name = caption ? caption.textContent.trim() : "";
      wrap.setAttribute("aria-label", name || wrap.getAttribute("data-label") || document.title);
    } else {
      wrap.removeAttribute("tabindex");
      wrap.removeAttribute("role");
      wrap.removeAttribute("aria-label");
    }
  }
  function layout() { wraps.forEach(mark); }
  var pending = null;
  window.addEventListener("resize", function () {
    if (pending) window.cancelAnimationFrame(pending);
    pending = window.requestAnimationFrame(layout);
  });
  layout();
})();
