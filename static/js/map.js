// Draws grid boundaries with Leaflet. Tiles are optional: with no tile URL (or no
// network) the boundaries still render on a blank background.
(function () {
  "use strict";
  var el = document.getElementById("map");
  if (!el || !window.L) { return; }
  var map = L.map(el, { scrollWheelZoom: false });
  var tiles = el.dataset.tiles;
  if (tiles) {
    L.tileLayer(tiles, { maxZoom: 19, attribution: el.dataset.attribution || "" }).addTo(map);
  }
  fetch(el.dataset.boundaries, { headers: { Accept: "application/json" } })
    .then(function (response) { return response.json(); })
    .then(function (data) {
      if (!data.features || !data.features.length) { el.hidden = true; return; }
      var layer = L.geoJSON(data, {
        style: { color: "#1d4ed8", weight: 2, fillOpacity: 0.08 },
        onEachFeature: function (feature, shape) {
          var props = feature.properties;
          var link = document.createElement("a");
          link.href = props.url || "#";
          link.textContent = props.name + " (" + props.code + ")";
          shape.bindPopup(link);
          shape.bindTooltip(props.name);
        }
      }).addTo(map);
      map.fitBounds(layer.getBounds(), { padding: [8, 8] });
      el.dataset.loaded = String(data.features.length);
    })
    .catch(function () { el.dataset.loaded = "error"; });
})();
