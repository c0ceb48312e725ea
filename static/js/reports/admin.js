// Response templates: picking one copies its text into the public reply.
(function () {
  "use strict";
  var select = document.getElementById("response-template");
  if (!select) { return; }
  select.addEventListener("change", function () {
    var target = document.getElementById(select.dataset.target);
    if (target && select.value) { target.value = select.value; }
  });
})();
