// The report form's map picker: tap to place the pin, drag it, or use the
// phone's location. Without JavaScript the community/grid list does the job.
(function () {
  "use strict";
  var form = document.getElementById("report-form");
  var el = document.getElementById("report-map");
  if (!form || !el || !window.L) { return; }
  var lat = form.querySelector("[name=latitude]");
  var lng = form.querySelector("[name=longitude]");
  var status = document.getElementById("location-status");
  var locateButton = document.getElementById("use-location");
  var nearbyBox = document.getElementById("nearby-reports");
  var msg = form.dataset;

  el.hidden = false;
  document.getElementById("map-hint").hidden = false;
  var map = L.map(el, { scrollWheelZoom: false, tap: true }).setView([30.27, 120.15], 13);
  if (el.dataset.tiles) {
    L.tileLayer(el.dataset.tiles, { maxZoom: 19, attribution: el.dataset.attribution || "" }).addTo(map);
  }
  var marker = null;

  function round(value) { return Math.round(value * 1e6) / 1e6; }

  function place(latlng, message) {
    if (!marker) {
      marker = L.marker(latlng, { draggable: true }).addTo(map);
      marker.on("dragend", function () { place(marker.getLatLng(), msg.msgPlaced); });
    } else {
      marker.setLatLng(latlng);
    }
    lat.value = round(latlng.lat);
    lng.value = round(latlng.lng);
    el.dataset.pin = lat.value + "," + lng.value;
    status.textContent = message || "";
    checkNearby();
  }

  function voiceForm(result) {
    var csrf = form.querySelector("[name=csrfmiddlewaretoken]").value;
    var f = document.createElement("form");
    f.method = "post";
    f.action = result.voice_url;
    var token = document.createElement("input");
    token.type = "hidden"; token.name = "csrfmiddlewaretoken"; token.value = csrf;
    var button = document.createElement("button");
    button.type = "submit"; button.className = "button"; button.textContent = msg.msgVoice;
    f.appendChild(token); f.appendChild(button);
    return f;
  }

  function checkNearby() {
    var url = form.dataset.nearby + "?category=" + encodeURIComponent(form.dataset.category) +
      "&lat=" + encodeURIComponent(lat.value) + "&lng=" + encodeURIComponent(lng.value);
    fetch(url, { headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        nearbyBox.textContent = "";
        var results = data.results || [];
        nearbyBox.hidden = !results.length;
        if (!results.length) { return; }
        var title = document.createElement("p");
        title.textContent = msg.msgNearby;
        var list = document.createElement("ul");
        list.className = "duplicate-list";
        results.forEach(function (r) {
          var item = document.createElement("li");
          var line = document.createElement("strong");
          line.textContent = r.reference + " · " + r.status + " · " + r.distance_m + " " + msg.msgAway;
          item.appendChild(line);
          if (r.text) { var p = document.createElement("p"); p.textContent = r.text; item.appendChild(p); }
          item.appendChild(voiceForm(r));
          list.appendChild(item);
        });
        nearbyBox.appendChild(title);
        nearbyBox.appendChild(list);
      })
      .catch(function () { nearbyBox.hidden = true; });
  }

  map.on("click", function (event) { place(event.latlng, msg.msgPlaced); });

  fetch(el.dataset.boundaries, { headers: { Accept: "application/json" } })
    .then(function (response) { return response.json(); })
    .then(function (data) {
      if (!data.features || !data.features.length) { return; }
      var layer = L.geoJSON(data, { style: { color: "#1d4ed8", weight: 2, fillOpacity: 0.05 }, interactive: false }).addTo(map);
      if (!marker) { map.fitBounds(layer.getBounds(), { padding: [8, 8] }); }
      el.dataset.loaded = "1";
    })
    .catch(function () { el.dataset.loaded = "error"; });

  if (lat.value && lng.value) {
    place(L.latLng(parseFloat(lat.value), parseFloat(lng.value)));
    map.setView(marker.getLatLng(), 17);
  }

  if (navigator.geolocation) {
    locateButton.hidden = false;
    locateButton.addEventListener("click", function () {
      status.textContent = msg.msgLocating;
      navigator.geolocation.getCurrentPosition(function (position) {
        var here = L.latLng(position.coords.latitude, position.coords.longitude);
        place(here, msg.msgLocated);
        map.setView(here, 17);
      }, function () { status.textContent = msg.msgDenied; }, { enableHighAccuracy: true, timeout: 10000 });
    });
  }
})();
