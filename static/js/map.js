// Draws grid boundaries with Leaflet. Tiles are optional: with no tile URL (or no
// network) the boundaries still render on a blank background. Tapping a grid
// shows a card under the map (phone screens have no room for a tall popup) with
// who serves it (name, role, work phone: the public contact card fields) and
// this month's public service figures.
(function () {
  "use strict";
  var el = document.getElementById("map");
  if (!el || !window.L) { return; }
  var panel = document.getElementById("map-panel");
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
    list.className = "map-panel-contacts";
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
    list.className = "map-panel-summary";
    summary.forEach(function (figure) {
      list.appendChild(text("dt", figure.label));
      list.appendChild(text("dd", figure.value));
    });
    return list;
  }

  function fillPanel(props, data) {
    panel.textContent = "";
    var heading = panel.appendChild(document.createElement("h2"));
    var title = heading.appendChild(text("a", props.name + " (" + props.code + ")"));
    title.href = props.url;
    if (props.station) { panel.appendChild(text("p", props.station, "muted")); }
    if (data && data.contacts.length) {
      panel.appendChild(text("h3", el.dataset.labelContacts));
      panel.appendChild(contactList(data.contacts));
    }
    if (data && data.summary.length) {
      panel.appendChild(text("h3", el.dataset.labelSummary));
      panel.appendChild(summaryList(data.summary));
    }
    var link = panel.appendChild(text("a", el.dataset.labelOpen, "button"));
    link.href = props.url;
    panel.hidden = false;
    panel.setAttribute("data-loaded", data ? data.code : "");
  }

  function showGrid(props) {
    // On the grid's own page the card would repeat the page.
    if (!props.url || props.url === window.location.pathname) { return; }
    if (!panel || !el.dataset.popup) { window.location.href = props.url; return; }
    fetch(el.dataset.popup.replace("GRIDCODE", encodeURIComponent(props.code)), { headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(function (data) { fillPanel(props, data); })
      .catch(function () { fillPanel(props, null); })
      .then(function () { panel.scrollIntoView({ block: "nearest" }); });
  }

  fetch(el.dataset.boundaries, { headers: { Accept: "application/json" } })
    .then(function (response) { return response.json(); })
    .then(function (data) {
      if (!data.features || !data.features.length) { el.hidden = true; return; }
      var layer = L.geoJSON(data, {
        style: { color: "#1d4ed8", weight: 2, fillOpacity: 0.08 },
        onEachFeature: function (feature, shape) {
          var props = feature.properties;
          shape.bindTooltip(props.name);
          shape.on("click", function () { showGrid(props); });
        }
      }).addTo(map);
      map.fitBounds(layer.getBounds(), { padding: [8, 8] });
      el.dataset.loaded = String(data.features.length);
    })
    .catch(function () { el.dataset.loaded = "error"; });
})();
