// Adds the phone's position to the check-in form when the browser gives it.
// The form works without it: position is optional.
(function () {
  "use strict";
  var form = document.querySelector("form.js-locate");
  if (!form || !navigator.geolocation) {
    return;
  }
  var status = form.querySelector(".js-locate-status");
  navigator.geolocation.getCurrentPosition(
    function (position) {
      form.elements.lat.value = position.coords.latitude.toFixed(6);
      form.elements.lng.value = position.coords.longitude.toFixed(6);
      if (status) {
        status.textContent = status.dataset.located || "✓";
      }
    },
    function () {},
    { enableHighAccuracy: true, timeout: 8000, maximumAge: 60000 }
  );
})();
