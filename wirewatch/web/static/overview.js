/* wirewatch overview: the events map (Leaflet) and the weekly timeline (plain SVG), both drawn from the
   API with the filter form's parameters, which are also written into the page's URL.

   Basemap: Natural Earth 1:50m country outlines from world-atlas, vendored as the TopoJSON file it is
   published as and turned into GeoJSON here by topojson-client. Converting in the browser keeps the
   file byte-identical to the package (easy to check and refresh) and half the size of the same outlines
   as GeoJSON (756 kB against 1.5 MB, shared borders stored once); the conversion takes a few
   milliseconds. No tile server: the map works on a closed network.

   Every piece of text from the data goes into the page through textContent, never as HTML.
   <body data-ready="1"> is set once the map and the timeline are drawn for the current filters. */
(function () {
  "use strict";

  var SVG = "http://www.w3.org/2000/svg";
  var DAY = 86400000;
  var MIN_BAR_PX = 3; // narrower weekly bars are merged into bins of several weeks, so every bar stays visible
  var MAX_BAR_PX = 24; // a few weeks do not stretch across the whole chart

  var form = document.getElementById("filters");
  var mapBox = document.getElementById("map");
  var timelineBox = document.getElementById("timeline");
  var note = document.getElementById("timeline-note");
  var countBox = document.getElementById("event-count");
  var errorBox = document.getElementById("filter-error");
  var listLink = document.getElementById("list-link");

  function typeSlug(type) {
    // The same as pages.type_slug: the t-SLUG class carries the type's colour (app.css).
    var slug = String(type || "").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
    return slug || "none";
  }

  function toll(item) {
    if (item.fatalities !== null && item.fatalities !== undefined) return item.fatalities;
    if (item.fatalities_high !== null && item.fatalities_high !== undefined) return item.fatalities_high;
    return 0;
  }

  function tollText(item) {
    if (item.fatalities !== null && item.fatalities !== undefined) return String(item.fatalities);
    if (item.fatalities_low !== null && item.fatalities_high !== null && item.fatalities_low !== undefined) {
      return item.fatalities_low + "–" + item.fatalities_high;
    }
    return "not given";
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function svg(tag, attrs) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (name) {
      node.setAttribute(name, String(attrs[name]));
    });
    return node;
  }

  // -- the form and the URL ----------------------------------------------------------------------

  function query() {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      var text = String(value).trim();
      if (text) params.set(name, text);
    });
    return params;
  }

  function setBusy() {
    document.body.setAttribute("data-ready", "0");
  }

  function setReady() {
    document.body.setAttribute("data-ready", "1");
  }

  // -- the map -------------------------------------------------------------------------------------

  var renderer = L.svg({ padding: 0.5 });
  var map = L.map(mapBox, { renderer: renderer, worldCopyJump: true, minZoom: 1, maxZoom: 12 });
  map.setView([25, 50], 2);
  map.attributionControl.addAttribution("Outlines: Natural Earth");
  var markers = L.featureGroup().addTo(map);

  var basemap = fetch(mapBox.getAttribute("data-countries"))
    .then(function (response) {
      if (!response.ok) throw new Error("country outlines: HTTP " + response.status);
      return response.json();
    })
    .then(function (topo) {
      L.geoJSON(outlines(topojson.feature(topo, topo.objects.countries)), {
        renderer: renderer,
        interactive: false,
        style: function () {
          return { className: "ww-country", weight: 0.6, fillOpacity: 1 };
        },
      })
        .addTo(map)
        .bringToBack();
    })
    .catch(function (error) {
      // The events still show without the outlines.
      if (window.console) window.console.warn(error);
    });

  function outlines(countries) {
    // Web Mercator cannot draw Antarctica (it reaches the pole) and no conflict event is there: left out.
    // A ring that crosses the antimeridian (Russia's Chukotka, Fiji) would be drawn as a band across the
    // whole map: its western points are moved past 180 degrees east, where Leaflet draws them whole.
    countries.features = countries.features.filter(function (feature) {
      return feature.id !== "010";
    });
    countries.features.forEach(function (feature) {
      var geometry = feature.geometry;
      if (!geometry) return;
      var polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.type === "MultiPolygon" ? geometry.coordinates : [];
      polygons.forEach(function (polygon) {
        polygon.forEach(function (ring) {
          var east = ring.some(function (p) { return p[0] > 170; });
          var west = ring.some(function (p) { return p[0] < -170; });
          if (east && west) {
            ring.forEach(function (p) {
              if (p[0] < 0) p[0] += 360;
            });
          }
        });
      });
    });
    return countries;
  }

  function popup(item) {
    return function () {
      var box = el("div", "ww-popup");
      box.appendChild(el("div", "title", (item.sub_event_type || item.event_type) + (item.location ? " in " + item.location : "")));
      box.appendChild(el("div", "", item.event_date || "undated"));
      box.appendChild(el("div", "", item.event_type));
      var place = [item.location, item.admin1, item.country].filter(Boolean).join(", ");
      if (place) box.appendChild(el("div", "", place));
      box.appendChild(el("div", "", "Killed: " + tollText(item)));
      box.appendChild(el("div", "", item.sources + (item.sources === 1 ? " source" : " sources")));
      var link = el("a", "", "Open the event");
      link.href = "/events/" + encodeURIComponent(item.id);
      box.appendChild(link);
      return box;
    };
  }

  function drawMap(items) {
    markers.clearLayers();
    // The API sends the deadliest first: drawn in that order, small markers end up on top of big ones.
    items.forEach(function (item) {
      var radius = Math.min(28, 4 + 1.6 * Math.sqrt(toll(item)));
      L.circleMarker([item.latitude, item.longitude], {
        renderer: renderer,
        radius: radius,
        className: "ww-marker t-" + typeSlug(item.event_type),
        weight: 1,
        fillOpacity: 0.7,
      })
        .bindPopup(popup(item))
        .addTo(markers);
    });
    if (items.length) {
      map.fitBounds(markers.getBounds(), { padding: [24, 24], maxZoom: 7, animate: false });
    }
  }

  // -- the timeline ----------------------------------------------------------------------------

  function dayNumber(iso) {
    // Days since 1970-01-01 of a YYYY-MM-DD date (the API's weeks are Mondays, 7 days apart).
    var parts = iso.split("-");
    return Math.round(Date.UTC(+parts[0], +parts[1] - 1, +parts[2]) / DAY);
  }

  function isoDay(day) {
    return new Date(day * DAY).toISOString().slice(0, 10);
  }

  function drawTimeline(items, onPick) {
    while (timelineBox.firstChild) timelineBox.removeChild(timelineBox.firstChild);
    note.textContent = "";
    var width = Math.max(300, timelineBox.clientWidth || 800);
    var height = Math.max(120, timelineBox.clientHeight || 170);
    var left = 34, right = 8, top = 8, bottom = 22;
    var plot = width - left - right;
    var chart = svg("svg", { viewBox: "0 0 " + width + " " + height, role: "img", "aria-label": "Events per week by type" });
    timelineBox.appendChild(chart);
    if (!items.length) {
      note.textContent = "No dated events match these filters.";
      return;
    }
    var first = Infinity, last = -Infinity;
    items.forEach(function (item) {
      var day = dayNumber(item.week);
      first = Math.min(first, day);
      last = Math.max(last, day);
    });
    var weeks = (last - first) / 7 + 1;
    var span = isoDay(first) + " to " + isoDay(last + 6);
    var fewest = Math.ceil(plot / MAX_BAR_PX);
    if (weeks < fewest) {
      // A short span is widened around its weeks, so that a bar is never wider than MAX_BAR_PX.
      first -= Math.floor((fewest - weeks) / 2) * 7;
      weeks = fewest;
    }
    var bin = Math.max(1, Math.ceil((weeks * MIN_BAR_PX) / plot)); // weeks per bar
    var bins = Math.ceil(weeks / bin);
    var step = plot / bins;

    // bin -> type -> {events, fatalities}
    var stacks = {};
    items.forEach(function (item) {
      var b = Math.floor((dayNumber(item.week) - first) / 7 / bin);
      var stack = stacks[b] || (stacks[b] = {});
      var cell = stack[item.event_type] || (stack[item.event_type] = { events: 0, fatalities: 0 });
      cell.events += item.events;
      cell.fatalities += item.fatalities || 0;
    });
    var highest = 1;
    Object.keys(stacks).forEach(function (b) {
      var sum = 0;
      Object.keys(stacks[b]).forEach(function (t) {
        sum += stacks[b][t].events;
      });
      highest = Math.max(highest, sum);
    });
    var scale = (height - top - bottom) / highest;
    var base = height - bottom;

    Object.keys(stacks).forEach(function (b) {
      var x = left + b * step;
      var y = base;
      var start = first + b * bin * 7;
      var end = start + bin * 7 - 1; // the Sunday closing the bar's last week
      var label = bin === 1 ? "Week of " + isoDay(start) : isoDay(start) + " to " + isoDay(end);
      Object.keys(stacks[b])
        .sort()
        .forEach(function (type) {
          var cell = stacks[b][type];
          var h = cell.events * scale;
          y -= h;
          var rect = svg("rect", {
            class: "ww-bar t-" + typeSlug(type),
            x: x.toFixed(2),
            y: y.toFixed(2),
            width: Math.max(1, step - (step > 4 ? 1 : 0)).toFixed(2),
            height: Math.max(0.5, h).toFixed(2),
            "data-week": isoDay(start),
          });
          var title = svg("title");
          title.textContent = label + " · " + type + ": " + cell.events + (cell.events === 1 ? " event, " : " events, ") + cell.fatalities + " killed";
          rect.appendChild(title);
          rect.addEventListener("click", function () {
            onPick(isoDay(start), isoDay(end));
          });
          chart.appendChild(rect);
        });
    });

    // Axes: the baseline, the top count, and dates along the bottom (years, or months on a short span).
    chart.appendChild(svg("line", { class: "baseline", x1: left, x2: width - right, y1: base, y2: base }));
    var topLabel = svg("text", { class: "axis", x: left - 4, y: top + 8, "text-anchor": "end" });
    topLabel.textContent = String(highest);
    chart.appendChild(topLabel);
    var zero = svg("text", { class: "axis", x: left - 4, y: base, "text-anchor": "end" });
    zero.textContent = "0";
    chart.appendChild(zero);
    var startDay = new Date(first * DAY), endDay = new Date((first + bins * bin * 7) * DAY);
    var spanDays = (endDay - startDay) / DAY;
    var ticks = [];
    if (spanDays > 730) {
      var everyYears = Math.max(1, Math.ceil(spanDays / 365 / 10));
      for (var year = startDay.getUTCFullYear() + 1; year <= endDay.getUTCFullYear(); year += everyYears) {
        ticks.push([Date.UTC(year, 0, 1), String(year)]);
      }
    } else {
      var everyMonths = Math.max(1, Math.ceil(spanDays / 30 / 10));
      var month = new Date(Date.UTC(startDay.getUTCFullYear(), startDay.getUTCMonth() + 1, 1));
      while (month < endDay) {
        ticks.push([month.getTime(), month.toISOString().slice(0, 7)]);
        month = new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + everyMonths, 1));
      }
    }
    ticks.forEach(function (tick) {
      var x = left + ((tick[0] - startDay.getTime()) / DAY / 7 / bin) * step;
      chart.appendChild(svg("line", { class: "axis", x1: x, x2: x, y1: base, y2: base + 4 }));
      var text = svg("text", { class: "axis", x: x, y: base + 16, "text-anchor": "middle" });
      text.textContent = tick[1];
      chart.appendChild(text);
    });
    note.textContent =
      (bin === 1 ? "Events per week" : "Events per " + bin + " weeks") +
      " by type, " + span + ". Click a bar to keep only its dates.";
  }

  // -- loading -----------------------------------------------------------------------------------

  var generation = 0;
  var typing = null;

  function getJSON(url) {
    return fetch(url, { headers: { Accept: "application/json" } }).then(function (response) {
      return response.json().then(function (body) {
        if (!response.ok) throw new Error(body && body.error ? body.error : "HTTP " + response.status);
        return body;
      });
    });
  }

  function load() {
    var mine = ++generation;
    clearTimeout(typing);
    setBusy();
    var params = query();
    var search = params.toString();
    history.replaceState(null, "", location.pathname + (search ? "?" + search : ""));
    listLink.href = "/events" + (search ? "?" + search : "");
    var suffix = search ? "?" + search : "";
    var points = getJSON(mapBox.getAttribute("data-points") + suffix);
    var weeks = getJSON("/api/events/timeline" + suffix);
    Promise.all([points, weeks, basemap])
      .then(function (answers) {
        if (mine !== generation) return; // a newer filter change is on its way
        errorBox.hidden = true;
        var placed = answers[0].items, total = answers[0].total;
        drawMap(placed);
        drawTimeline(answers[1].items, pickDates);
        var text = total + (total === 1 ? " event" : " events");
        if (placed.length < total) text += ", " + placed.length + " on the map";
        countBox.textContent = text;
        setReady();
      })
      .catch(function (error) {
        if (mine !== generation) return;
        errorBox.textContent = error.message;
        errorBox.hidden = false;
        countBox.textContent = "no events shown";
        setReady();
      });
  }

  function pickDates(since, until) {
    form.elements.since.value = since;
    form.elements.until.value = until;
    load();
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    load();
  });
  form.addEventListener("change", function () {
    load();
  });
  form.addEventListener("input", function (event) {
    // Text fields reload a moment after the typing stops; selects reload on change.
    if (event.target.tagName !== "INPUT") return;
    clearTimeout(typing);
    typing = setTimeout(load, 400);
  });
  form.querySelector(".clear").addEventListener("click", function (event) {
    event.preventDefault();
    form.reset();
    Array.prototype.forEach.call(form.elements, function (field) {
      if (field.name) field.value = "";
    });
    load();
  });

  load();
})();
