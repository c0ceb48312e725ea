// Patrol check-in by location: the position is taken when the button is
// tapped and sent with the form; the server checks the distance. QR forms
// ("js-patrol-position") add the position when the phone gives it, optionally.
(function () {
  "use strict";
  var geo = navigator.geolocation;
  var options = { enableHighAccuracy: true, timeout: 10000, maximumAge: 30000 };

  function fill(form, position) {
    form.elements.lat.value = position.coords.latitude.toFixed(6);
    form.elements.lng.value = position.coords.longitude.toFixed(6);
  }

  document.querySelectorAll("form.js-patrol-locate").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.elements.lat.value || !geo) {
        return; // without geolocation the server answers with a clear message
      }
      event.preventDefault();
      var status = form.querySelector(".js-status");
      if (status) {
        status.textContent = status.dataset.locating || "…";
      }
      geo.getCurrentPosition(
        function (position) {
          fill(form, position);
          form.submit();
        },
        function () {
          form.submit();
        },
        options
      );
    });
  });

  document.querySelectorAll("form.js-patrol-position").forEach(function (form) {
    if (geo) {
      geo.getCurrentPosition(function (position) { fill(form, position); }, function () {}, options);
    }
  });
})();
