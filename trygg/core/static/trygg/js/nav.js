/* The main menu on a phone: a long list (up to ~18 entries for a samordnare) folds behind a "Meny" button.
 * Progressive enhancement: without JavaScript, or on a wide screen, the whole list shows. The button is a
 * disclosure (aria-expanded, aria-controls); Escape closes the menu and returns focus to the button. */
(function () {
  "use strict";
  var nav = document.querySelector("[data-main-nav]");
  if (!nav) return;
  var button = nav.querySelector("[data-nav-toggle]");
  var list = document.getElementById(button.getAttribute("aria-controls"));
  var narrow = window.matchMedia("(max-width: 47.99rem)");
  var fold = list.children.length > 6;  // the public menu (five entries) stays open

  function set(open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
    list.classList.toggle("nav-folded", !open);
  }
  function layout() {
    var folding = fold && narrow.matches;
    button.hidden = !folding;
    nav.classList.toggle("nav-foldable", folding);
    if (folding) set(false); else list.classList.remove("nav-folded");
  }
  button.addEventListener("click", function () {
    set(button.getAttribute("aria-expanded") !== "true");
  });
  nav.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
      set(false);
      button.focus();
    }
  });
  if (narrow.addEventListener) narrow.addEventListener("change", layout);
  layout();
})();

/* Nobody signed in (after signing out, too): remove the walk pages a safety walk kept for use without a
 * connection (trygg/safety_walks/templates/safety_walks/sw.js). Findings not yet sent stay in IndexedDB. */
(function () {
  "use strict";
  if (document.body.hasAttribute("data-signed-out") && window.caches) {
    window.caches.delete("trygg-walks-v1").catch(function () {});
  }
})();
