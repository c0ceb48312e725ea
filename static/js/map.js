// Draws grid boundaries with Leaflet. Tiles are optional: with no tile URL (or no
// network) the boundaries still render on a blank background. A grid's popup
// loads, when opened, who serves the grid (name, role, work phone: the public
// contact card fields) and this month's public service figures.
(function () {
  "use strict";
  var el = document.getElementById("map");
  if (!el || !window.L) { return; }
  var map = L.map(el, { scrollWheelZoom: false });
  var tiles = el.dataset.tiles;
  if (tiles) {
    L.tileLayer(tiles, { maxZoom: 19, attribution: el.dataset.attribution || "" }).addTo(map);
  }

  function text(tag, value, className) {
    var node = document.createElement(tag);
    node.textContent = value;
    if (className) { node.className = className; }
    return node;
  }

  function contactList(contacts) {
    var list = document.createElement("ul");
    list.className = "map-popup-contacts";
    contacts.forEach(function (person) {
      var item = document.createElement("li");
      item.appendChild(text("span", person.name, "person-name"));
      item.appendChild(text("span", " · " + person.role, "muted"));
      if (person.phone) {
        var phone = text("a", person.phone, "phone-link");
        phone.href = "tel:" + person.phone.replace(/[^0-9+]/g, "");
        item.appendChild(phone);
      }
      list.appendChild(item);
    });
    return list;
  }

  function summaryList(summary) {
    var list = document.createElement("dl");
    list.className = "map-popup-summary";
    summary.forEach(function (figure) {
      list.appendChild(text("dt", figure.label));
      list.appendChild(text("dd", figure.value));
    });
    return list;
  }

  function fillPopup(box, data) {
    if (data.contacts.length) {
      box.appendChild(text("h3", el.dataset.labelContacts));
      box.appendChild(contactList(data.contacts));
    }
    if (data.summary.length) {
      box.appendChild(text("h3", el.dataset.labelSummary));
      box.appendChild(summaryList(data.summary));
    }
    var link = text("a", el.dataset.labelOpen, "map-popup-open");
    link.href = data.url;
    box.appendChild(link);
    box.setAttribute("data-loaded", data.code);
  }

  function popupFor(props, shape) {
    var box = document.createElement("div");
    box.className = "map-popup";
    var title = text("a", props.name + " (" + props.code + ")", "map-popup-title");
    title.href = props.url || "#";
    box.appendChild(title);
    if (props.station) { box.appendChild(text("p", props.station, "muted")); }
    var loaded = false;
    shape.on("popupopen", function () {
      if (loaded || !el.dataset.popup || !props.url) { return; }
      loaded = true;
      fetch(el.dataset.popup.replace("GRIDCODE", encodeURIComponent(props.code)), { headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) { throw new Error(String(response.status)); }
          return response.json();
        })
        .then(function (data) {
          fillPopup(box, data);
          shape.getPopup().update();
        })
        .catch(function () { loaded = false; });
    });
    return box;
  }

  fetch(el.dataset.boundaries, { headers: { Accept: "application/json" } })
    .then(function (response) { return response.json(); })
    .then(function (data) {
      if (!data.features || !data.features.length) { el.hidden = true; return; }
      var layer = L.geoJSON(data, {
        style: { color: "#1d4ed8", weight: 2, fillOpacity: 0.08 },
        onEachFeature: function (feature, shape) {
          var props = feature.properties;
          shape.bindPopup(popupFor(props, shape), { maxWidth: 280, minWidth: 200 });
          shape.bindTooltip(props.name);
        }
      }).addTo(map);
      map.fitBounds(layer.getBounds(), { padding: [8, 8] });
      el.dataset.loaded = String(data.features.length);
    })
    .catch(function () { el.dataset.loaded = "error"; });
})();
