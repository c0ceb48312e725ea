// The command map (一张图): grids coloured by the chosen measure, clustered
// report and case markers, station and patrol point markers, and a side panel
// with the figures of the grid clicked. Everything comes from the JSON endpoints
// named in #map-config; the filters form is read on every change, so nothing
// reloads the page. Data is written with textContent, never as HTML.
(function () {
  "use strict";
  var el = document.getElementById("command-map");
  var form = document.getElementById("map-filters");
  var configNode = document.getElementById("map-config");
  if (!el || !form || !configNode || !window.L) { return; }
  var config = JSON.parse(configNode.textContent);
  var status = document.getElementById("map-status");
  var panel = document.getElementById("grid-panel");
  var legend = document.getElementById("map-legend");

  // The clusters need a maximum zoom even when there is no tile layer to set it.
  var map = L.map(el, { scrollWheelZoom: false, maxZoom: 19 });
  if (el.dataset.tiles) {
    L.tileLayer(el.dataset.tiles, { maxZoom: 19, attribution: el.dataset.attribution || "" }).addTo(map);
  }
  map.setView([30.2, 120.1], 12);

  var fitted = false;
  var grids = L.geoJSON(null, {
    style: function (feature) {
      return { color: "#334155", weight: 1.5, fillColor: feature.properties.colour, fillOpacity: 0.75 };
    },
    onEachFeature: function (feature, shape) {
      var props = feature.properties;
      shape.bindTooltip(props.name + " · " + props.display);
      shape.on("click", function () { openPanel(props.id); });
      shape.on("add", function () {
        var path = shape.getElement();
        if (path) {
          path.setAttribute("data-grid", props.code);
          path.setAttribute("data-value", props.value === null ? "" : String(props.value));
          path.setAttribute("data-colour", props.colour);
        }
      });
    }
  }).addTo(map);

  function clusterGroup(kind) {
    return L.markerClusterGroup({
      showCoverageOnHover: false,
      maxClusterRadius: 40,
      iconCreateFunction: function (cluster) {
        return L.divIcon({
          html: "<span>" + cluster.getChildCount() + "</span>",
          className: "cm-cluster cm-cluster-" + kind,
          iconSize: [34, 34]
        });
      }
    });
  }

  var layers = {
    stations: L.layerGroup(),
    patrol_points: L.layerGroup(),
    reports: clusterGroup("reports"),
    cases: clusterGroup("cases")
  };
  Object.keys(layers).forEach(function (key) { layers[key].addTo(map); });

  function text(tag, value, className) {
    var node = document.createElement(tag);
    node.textContent = value;
    if (className) { node.className = className; }
    return node;
  }

  function format(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_match, key) { return values[key]; });
  }

  function icon(kind, extra) {
    return L.divIcon({ className: "cm-marker cm-" + kind + (extra ? " " + extra : ""), iconSize: [16, 16] });
  }

  function popup(lines, url) {
    var box = document.createElement("div");
    box.className = "cm-popup";
    lines.forEach(function (line, index) {
      if (line) { box.appendChild(text(index === 0 ? "strong" : "p", line)); }
    });
    if (url) {
      var link = text("a", config.labels.open);
      link.href = url;
      box.appendChild(link);
    }
    return box;
  }

  var draw = {
    stations: function (item) {
      return L.marker([item.lat, item.lng], { icon: icon("station"), title: item.name })
        .bindPopup(popup([item.name, item.code]));
    },
    patrol_points: function (item) {
      return L.marker([item.lat, item.lng], { icon: icon("patrol"), title: item.name })
        .bindPopup(popup([item.name, item.grid]));
    },
    reports: function (item) {
      var age = format(config.labels.age_days, { days: item.age_days });
      return L.marker([item.lat, item.lng], { icon: icon("report", item.overdue ? "cm-overdue" : ""), title: item.category })
        .bindPopup(popup([item.category, item.reference, item.status_label, age], item.url));
    },
    cases: function (item) {
      var age = format(config.labels.age_days, { days: item.age_days });
      return L.marker([item.lat, item.lng], { icon: icon("case", "cm-risk-" + item.risk), title: item.category })
        .bindPopup(popup([item.category, item.reference, item.status_label, item.risk_label, age], item.url));
    }
  };

  function query(extra) {
    var params = new URLSearchParams(new FormData(form));
    Object.keys(extra || {}).forEach(function (key) { params.set(key, extra[key]); });
    return params.toString();
  }

  // One request at a time: every request saves the session
  // (SESSION_SAVE_EVERY_REQUEST) and SQLite turns a second concurrent writer
  // away, which Django answers with a 400. The charts share this queue.
  var queue = Promise.resolve();
  function getJSON(url) {
    var result = queue.then(function () {
      return fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) { throw new Error(String(response.status)); }
          return response.json();
        });
    });
    queue = result.catch(function () { return null; });
    return result;
  }
  window.scoreboardGetJSON = getJSON;

  function showLegend(data) {
    legend.querySelector(".map-legend-title").textContent =
      data.measure.label + (data.measure.unit ? " (" + data.measure.unit + ")" : "") + " · " + data.period.key;
    var list = legend.querySelector(".map-legend-items");
    list.textContent = "";
    data.legend.concat([{ colour: config.no_data, label: config.labels.no_data }]).forEach(function (entry) {
      var item = document.createElement("li");
      var swatch = text("span", "", "map-legend-swatch");
      swatch.style.background = entry.colour;
      item.appendChild(swatch);
      item.appendChild(text("span", entry.label));
      item.setAttribute("data-colour", entry.colour);
      list.appendChild(item);
    });
  }

  // The same grids as a table: reachable by keyboard and screen reader, and
  // printed with the map. Each name opens the grid's figures.
  function showTable(data) {
    var table = document.getElementById("map-grid-table");
    if (!table) { return; }
    table.querySelector(".map-grid-measure").textContent = data.measure.label;
    var body = table.querySelector("tbody");
    body.textContent = "";
    data.features.forEach(function (feature) {
      var props = feature.properties;
      var row = document.createElement("tr");
      row.setAttribute("data-grid", props.code);
      var name = document.createElement("th");
      name.scope = "row";
      var open = text("button", props.name + " (" + props.code + ")", "button button-small button-secondary");
      open.type = "button";
      open.addEventListener("click", function () { openPanel(props.id); });
      name.appendChild(open);
      row.appendChild(name);
      row.appendChild(text("td", props.station));
      var value = text("td", props.display);
      var swatch = text("span", "", "map-legend-swatch");
      swatch.style.background = props.colour;
      value.insertBefore(swatch, value.firstChild);
      row.appendChild(value);
      body.appendChild(row);
    });
  }

  function loadGrids() {
    el.dataset.loaded = "";
    return getJSON(config.urls.grids + "?" + query()).then(function (data) {
      grids.clearLayers();
      grids.addData(data);
      showLegend(data);
      showTable(data);
      if (data.features.length && !fitted) {
        // The admin's layout may have moved since the map was made.
        map.invalidateSize();
        map.fitBounds(grids.getBounds(), { padding: [8, 8] });
        fitted = true;
      }
      el.dataset.loaded = String(data.features.length);
      el.dataset.measure = data.measure.code;
    });
  }

  function chosenLayers() {
    return Array.prototype.filter.call(form.querySelectorAll("input[name=layers]"), function (box) {
      return box.checked;
    }).map(function (box) { return box.value; });
  }

  function loadLayers() {
    var chosen = chosenLayers();
    Object.keys(layers).forEach(function (key) { layers[key].clearLayers(); });
    el.dataset.layersLoaded = "";
    var notes = [];
    var done = chosen.length
      ? getJSON(config.urls.layers + "?" + query()).then(function (data) {
        Object.keys(data).forEach(function (key) {
          var markers = data[key].items.map(draw[key]);
          if (layers[key].addLayers) { layers[key].addLayers(markers); } else {
            markers.forEach(function (marker) { layers[key].addLayer(marker); });
          }
          el.setAttribute("data-count-" + key.replace("_", "-"), String(markers.length));
          if (data[key].truncated) { notes.push(config.layers[key] + ": " + format(config.labels.truncated, { count: markers.length })); }
        });
      })
      : Promise.resolve();
    return done.then(function () {
      status.textContent = notes.join(" ");
      el.dataset.layersLoaded = chosen.join(",") || "none";
    });
  }

  var panelGrid = null;

  function openPanel(id) {
    panelGrid = id;
    panel.dataset.grid = "";
    return getJSON(config.urls.grid.replace(/0\.json$/, id + ".json") + "?" + query()).then(function (data) {
      panel.querySelector(".grid-panel-title").textContent = data.grid.name + " (" + data.grid.code + ")";
      panel.querySelector(".grid-panel-place").textContent = data.grid.community + " · " + data.grid.station;
      panel.querySelector(".grid-panel-period").textContent = data.period;
      var rank = panel.querySelector(".grid-panel-rank");
      rank.hidden = !data.ranking;
      rank.textContent = data.ranking ? format(config.labels.rank, data.ranking) : "";
      var body = panel.querySelector("tbody");
      body.textContent = "";
      data.figures.forEach(function (figure) {
        var row = document.createElement("tr");
        row.setAttribute("data-kpi", figure.code);
        var label = document.createElement("th");
        label.scope = "row";
        label.title = figure.definition;
        if (figure.explain_url) {
          var link = text("a", figure.label);
          link.href = figure.explain_url;
          label.appendChild(link);
        } else {
          label.textContent = figure.label;
        }
        row.appendChild(label);
        row.appendChild(text("td", figure.display, figure.value === null ? "no-data" : ""));
        body.appendChild(row);
      });
      panel.hidden = false;
      panel.dataset.grid = data.grid.code;
    }).catch(fail);
  }

  function fail(error) {
    status.textContent = config.labels.error + " (" + error.message + ")";
    el.dataset.loaded = el.dataset.loaded || "error";
  }

  panel.querySelector("[data-close-panel]").addEventListener("click", function () {
    panel.hidden = true;
  });

  form.addEventListener("change", function (event) {
    var name = event.target.name;
    history.replaceState(null, "", "?" + query());
    if (name === "layers" || name === "category" || name === "status") {
      loadLayers().catch(fail);
      return;
    }
    if (name === "station") { fitted = false; }
    loadGrids().catch(fail);
    loadLayers().catch(fail);
    if (!panel.hidden && panelGrid !== null) {
      if (name === "station") { panel.hidden = true; } else { openPanel(panelGrid); }
    }
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  window.addEventListener("beforeprint", function () {
    var list = document.querySelector(".map-grid-list");
    if (list) { list.open = true; }
  });

  loadGrids().catch(fail);
  loadLayers().catch(fail);
})();
