// "Locate me": fills the form with the browser's position and submits it.
(function () {
  "use strict";
  var button = document.getElementById("use-location");
  var form = document.getElementById("locate-form");
  var status = document.getElementById("location-status");
  if (!button || !form || !navigator.geolocation) { return; }
  button.hidden = false;
  button.addEventListener("click", function () {
    status.textContent = button.dataset.waiting || "…";
    navigator.geolocation.getCurrentPosition(
      function (position) {
        form.elements.lat.value = position.coords.latitude.toFixed(6);
        form.elements.lng.value = position.coords.longitude.toFixed(6);
        form.submit();
      },
      function (error) { status.textContent = error.message; },
      { enableHighAccuracy: true, timeout: 10000 }
    );
  });
})();
