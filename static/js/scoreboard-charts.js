// Charts of the command map: reports received and closed by month, satisfaction
// and volunteer hours by month, and reports by category in the chosen period.
// Each chart has a data table under it (for print and screen readers). No
// animation, so a printed or screenshotted chart is always the finished one.
(function () {
  "use strict";
  var form = document.getElementById("map-filters");
  var configNode = document.getElementById("map-config");
  // scoreboard-map.js (loaded first) provides the shared request queue.
  if (!form || !configNode || !window.Chart || !window.scoreboardGetJSON) { return; }
  var config = JSON.parse(configNode.textContent);
  var charts = {};
  var COLOURS = {
    received: "#1d4ed8",
    closed: "#15803d",
    rating: "#b45309",
    volunteer_hours: "#7c3aed",
    category: "#0f766e"
  };

  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.font.family = "system-ui, -apple-system, 'PingFang SC', 'Noto Sans CJK SC', sans-serif";
  Chart.defaults.color = "#1f2937";
  Chart.defaults.plugins.legend.position = "bottom";

  function series(trends, key) {
    return trends.series.filter(function (item) { return item.key === key; })[0];
  }

  function dataset(item, type, axis) {
    return {
      type: type,
      label: item.label,
      data: item.data,
      yAxisID: axis,
      backgroundColor: COLOURS[item.key],
      borderColor: COLOURS[item.key],
      borderWidth: 2,
      pointRadius: 3,
      spanGaps: true
    };
  }

  function draw(id, spec) {
    var canvas = document.getElementById(id);
    if (!canvas) { return; }
    if (charts[id]) { charts[id].destroy(); }
    charts[id] = new Chart(canvas, spec);
    canvas.setAttribute("data-rendered", String(spec.data.labels.length));
  }

  function table(id, labels, rows) {
    var node = document.getElementById(id + "-table");
    if (!node) { return; }
    var head = node.querySelector("thead");
    var body = node.querySelector("tbody");
    head.textContent = "";
    body.textContent = "";
    var headRow = document.createElement("tr");
    headRow.appendChild(document.createElement("th"));
    labels.forEach(function (label) {
      var cell = document.createElement("th");
      cell.scope = "col";
      cell.textContent = label;
      headRow.appendChild(cell);
    });
    head.appendChild(headRow);
    rows.forEach(function (row) {
      var tr = document.createElement("tr");
      var th = document.createElement("th");
      th.scope = "row";
      th.textContent = row.label;
      tr.appendChild(th);
      row.data.forEach(function (value) {
        var td = document.createElement("td");
        td.textContent = value === null || value === undefined ? "—" : String(value);
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
  }

  function render(data) {
    var trends = data.trends;
    var received = series(trends, "received");
    var closed = series(trends, "closed");
    var rating = series(trends, "rating");
    var hours = series(trends, "volunteer_hours");
    draw("chart-reports", {
      type: "bar",
      data: { labels: trends.labels, datasets: [dataset(received, "bar", "y"), dataset(closed, "bar", "y")] },
      options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
    });
    table("chart-reports", trends.labels, [received, closed]);
    draw("chart-service", {
      type: "line",
      data: { labels: trends.labels, datasets: [dataset(rating, "line", "rating"), dataset(hours, "bar", "hours")] },
      options: {
        scales: {
          rating: { type: "linear", position: "left", min: 0, max: 5, title: { display: true, text: rating.label } },
          hours: { type: "linear", position: "right", beginAtZero: true, grid: { drawOnChartArea: false }, title: { display: true, text: hours.label } }
        }
      }
    });
    table("chart-service", trends.labels, [rating, hours]);
    var categories = data.categories;
    var label = document.getElementById("chart-categories").getAttribute("aria-label");
    var byCategory = { key: "category", label: label + " · " + data.period, data: categories.data };
    draw("chart-categories", {
      type: "bar",
      data: { labels: categories.labels, datasets: [dataset(byCategory, "bar", "y")] },
      options: { indexAxis: "y", scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } }
    });
    table("chart-categories", categories.labels, [byCategory]);
  }

  function load() {
    var params = new URLSearchParams(new FormData(form));
    window.scoreboardGetJSON(config.urls.charts + "?" + params.toString())
      .then(render)
      .catch(function () { document.querySelector(".map-charts").setAttribute("data-error", "1"); });
  }

  // Charts are sized to their box: redraw them at the printed width and back.
  function resizeAll() {
    Object.keys(charts).forEach(function (id) { charts[id].resize(); });
  }
  var print = document.querySelector("[data-print]");
  if (print) {
    print.hidden = false;
    print.addEventListener("click", function () { window.print(); });
  }
  window.addEventListener("beforeprint", resizeAll);
  window.addEventListener("afterprint", resizeAll);

  form.addEventListener("change", function (event) {
    if (event.target.name === "period" || event.target.name === "station") { load(); }
  });
  load();
})();
