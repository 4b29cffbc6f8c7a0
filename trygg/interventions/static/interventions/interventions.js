/* Insatser form: list only the owner organisation's people as responsible (the server checks it anyway). */
(function () {
  "use strict";
  var owner = document.getElementById("id_owner");
  var responsible = document.getElementById("id_responsible");
  if (!owner || !responsible) return;
  function narrow() {
    var org = owner.value;
    Array.prototype.forEach.call(responsible.options, function (option) {
      if (!option.value) return;
      var orgs = (option.getAttribute("data-orgs") || "").split(" ");
      var hide = org !== "" && orgs.indexOf(org) === -1;
      option.hidden = hide;
      option.disabled = hide;
      if (hide && option.selected) responsible.value = "";
    });
  }
  owner.addEventListener("change", narrow);
  narrow();
})();
