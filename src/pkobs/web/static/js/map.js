/* Draws the map page's maps in SVG from their JSON blocks and the vendored world topology
   (/static/vendor/world-atlas/, fetched from this server only). No inline script: the
   Content-Security-Policy allows scripts from 'self' only. Without JavaScript, each map's
   summary, data table and CSV link remain. Projection: Equal Earth (Šavrič, Patterson and
   Jenny, 2018), an equal-area projection, so country areas compare truly. */
(function () {
  "use strict";

  var SVG = "http://www.w3.org/2000/svg";
  var WIDTH = 960;
  var A1 = 1.340264, A2 = -0.081106, A3 = 0.000893, A4 = 0.003796;
  var M = Math.sqrt(3) / 2;
  var SCALE = WIDTH / (2 * 2.7066); // the projected world is 2 x 2.7066 units wide
  var TOP = 1.28; // projected y of about 78 degrees north: the map starts there
  var BOTTOM = -1.03; // about 56 degrees south (Antarctica is left out)
  var HEIGHT = Math.round((TOP - BOTTOM) * SCALE);
  var MIN_BOX = WIDTH / 4; // never zoom in more than four times
  var LABELLED_RADIUS = 9; // missions drawn at least this large are named on the map
  var LABEL_PX = 12; // a label is never smaller on screen, in CSS pixels, however narrow the map
  var topology = null;

  function project(lon, lat) {
    var l = (lon * Math.PI) / 180;
    var p = (lat * Math.PI) / 180;
    var t = Math.asin(M * Math.sin(p));
    var t2 = t * t, t6 = t2 * t2 * t2;
    var x = (l * Math.cos(t)) / (M * (A1 + 3 * A2 * t2 + t6 * (7 * A3 + 9 * A4 * t2)));
    var y = t * (A1 + A2 * t2 + t6 * (A3 + A4 * t2));
    return [WIDTH / 2 + x * SCALE, (TOP - y) * SCALE];
  }

  function decodeArcs(topo) {
    var sx = topo.transform.scale[0], sy = topo.transform.scale[1];
    var tx = topo.transform.translate[0], ty = topo.transform.translate[1];
    return topo.arcs.map(function (arc) {
      var x = 0, y = 0;
      return arc.map(function (d) {
        x += d[0];
        y += d[1];
        return project(x * sx + tx, y * sy + ty);
      });
    });
  }

  function ringPath(arcs, indexes) {
    var points = [];
    indexes.forEach(function (index) {
      var arc = index >= 0 ? arcs[index] : arcs[~index].slice().reverse();
      points = points.concat(points.length ? arc.slice(1) : arc);
    });
    return "M" + points.map(function (pt) {
      return pt[0].toFixed(1) + "," + pt[1].toFixed(1);
    }).join("L") + "Z";
  }

  function shapePath(arcs, geometry) {
    var polygons = geometry.type === "MultiPolygon" ? geometry.arcs : [geometry.arcs];
    return polygons.map(function (polygon) {
      return polygon.map(function (ring) { return ringPath(arcs, ring); }).join("");
    }).join("");
  }

  function element(name, attributes) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attributes).forEach(function (key) { node.setAttribute(key, attributes[key]); });
    return node;
  }

  function titled(node, text) {
    if (text) {
      var title = element("title", {});
      title.textContent = text;
      node.appendChild(title);
    }
    return node;
  }

  function shapeId(geometry) {
    return geometry.id ? String(geometry.id) : "name:" + ((geometry.properties || {}).name || "");
  }

  // The part of the world the missions occupy, with a margin, 2:1 like the whole map, so the
  // missions of one region are not crowded into a corner of the world.
  function pointsBox(points) {
    var xs = [], ys = [];
    points.forEach(function (point) {
      var xy = project(point.lon, point.lat);
      xs.push(xy[0] - point.r, xy[0] + point.r);
      ys.push(xy[1] - point.r, xy[1] + point.r);
    });
    var left = Math.min.apply(null, xs), right = Math.max.apply(null, xs);
    var top = Math.min.apply(null, ys), bottom = Math.max.apply(null, ys);
    var width = Math.max((right - left) * 1.2, MIN_BOX, (bottom - top) * 1.2 * (WIDTH / HEIGHT));
    width = Math.min(width, WIDTH);
    var height = width * (HEIGHT / WIDTH);
    var x = Math.min(Math.max((left + right) / 2 - width / 2, 0), WIDTH - width);
    var y = Math.min(Math.max((top + bottom) / 2 - height / 2, 0), HEIGHT - height);
    return [x, y, width, height];
  }

  function overlaps(a, b) {
    return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
  }

  // A label beside its circle: right, left, below or above, the first place inside the map that
  // covers no other circle and no label already placed; none when every place does (a crowded
  // map, such as a phone's, names its largest missions only). ``font`` is in map units.
  function labelPlace(label, xy, r, font, bounds, circles, placed) {
    var width = label.length * font * 0.62, height = font * 1.1, gap = font / 6;
    var options = [
      [xy[0] + r + gap, xy[1] + height / 3, "start", xy[0] + r + gap, xy[1] - height / 2],
      [xy[0] - r - gap, xy[1] + height / 3, "end", xy[0] - r - gap - width, xy[1] - height / 2],
      [xy[0], xy[1] + r + height, "middle", xy[0] - width / 2, xy[1] + r + gap],
      [xy[0], xy[1] - r - gap * 2, "middle", xy[0] - width / 2, xy[1] - r - gap - height]
    ];
    for (var i = 0; i < options.length; i += 1) {
      var o = options[i];
      var box = [o[3], o[4], o[3] + width, o[4] + height];
      var inside = box[0] >= bounds[0] && box[1] >= bounds[1] &&
        box[2] <= bounds[0] + bounds[2] && box[3] <= bounds[1] + bounds[3];
      var free = inside && circles.concat(placed).every(function (other) {
        return !overlaps(box, other);
      });
      if (free) {
        placed.push(box);
        return o;
      }
    }
    return null;
  }

  function draw(container, topo, arcs) {
    var spec = JSON.parse(document.getElementById(container.getAttribute("data-spec")).textContent);
    var fills = spec.fills || {};
    var titles = spec.titles || {};
    var members = {};
    (spec.members || []).forEach(function (id) { members[id] = true; });
    var box = spec.points && spec.points.length ? pointsBox(spec.points) : [0, 0, WIDTH, HEIGHT];
    var zoom = box[2] / WIDTH; // circles and strokes keep their size on screen when zoomed in
    var svg = element("svg", {
      viewBox: box.map(function (v) { return v.toFixed(1); }).join(" "), width: "100%",
      "aria-hidden": "true", focusable: "false", "class": "map-svg"
    });
    svg.appendChild(element("rect", { width: WIDTH, height: HEIGHT, fill: "#f4f8fb" }));
    var land = element("g", { "class": "countries", stroke: "#ffffff", "stroke-width": "0.4" });
    var outlined = element("g", { "class": "members", fill: "none", stroke: "#1a1a1a",
                                  "stroke-width": "1.1" });
    topo.objects.countries.geometries.forEach(function (geometry) {
      var id = shapeId(geometry);
      if (!geometry.arcs || (spec.skip || []).indexOf(id) >= 0) {
        return;
      }
      var d = shapePath(arcs, geometry);
      var path = element("path", { d: d, fill: fills[id] || spec.empty || "#e4e4e4",
                                   "data-id": id, "fill-rule": "evenodd" });
      land.appendChild(titled(path, titles[id]));
      if (members[id]) {
        outlined.appendChild(element("path", { d: d, "fill-rule": "evenodd" }));
      }
    });
    svg.appendChild(land);
    svg.appendChild(outlined);
    land.setAttribute("stroke-width", (0.4 * zoom).toFixed(2));
    outlined.setAttribute("stroke-width", (1.1 * zoom).toFixed(2));
    var points = element("g", { "class": "points", stroke: "#1a1a1a",
                                "stroke-width": (0.8 * zoom).toFixed(2) });
    // labels scale with the map, but never below LABEL_PX on screen: on a phone the map is a
    // third as wide as on a desktop, so its labels are three times larger in map units (and
    // fewer fit)
    var shown = container.clientWidth || WIDTH;
    var font = Math.max(12 * zoom, LABEL_PX * (box[2] / shown));
    var labels = element("g", { "class": "labels", "font-size": font.toFixed(1),
                                "font-family": "system-ui, sans-serif", fill: "#1a1a1a",
                                stroke: "#ffffff", "stroke-width": (font / 4).toFixed(1),
                                "paint-order": "stroke", "stroke-linejoin": "round" });
    var circles = [], wanted = [], placed = [];
    (spec.points || []).forEach(function (point) {
      var xy = project(point.lon, point.lat);
      var r = point.r * zoom;
      var circle = element("circle", {
        cx: xy[0].toFixed(1), cy: xy[1].toFixed(1), r: r.toFixed(2), fill: point.fill,
        "fill-opacity": "0.9", "data-mission": point.id
      });
      points.appendChild(titled(circle, point.title));
      circles.push([xy[0] - r, xy[1] - r, xy[0] + r, xy[1] + r]);
      if (point.r >= LABELLED_RADIUS) {
        wanted.push([point, xy, r]);
      }
    });
    // the largest missions are named first: when labels are crowded out, the small ones go
    wanted.sort(function (a, b) { return b[2] - a[2]; });
    wanted.forEach(function (item) {
      var place = labelPlace(item[0].label, item[1], item[2], font, box, circles, placed);
      if (place === null) {
        return;
      }
      var text = element("text", { x: place[0].toFixed(1), y: place[1].toFixed(1),
                                   "text-anchor": place[2], "aria-hidden": "true" });
      text.textContent = item[0].label;
      labels.appendChild(text);
    });
    svg.appendChild(points);
    svg.appendChild(labels);
    container.appendChild(svg);
    container.setAttribute("data-drawn", "true");
  }

  function drawAll() {
    var maps = document.querySelectorAll(".map[data-spec]");
    if (!maps.length) {
      return;
    }
    var first = JSON.parse(document.getElementById(maps[0].getAttribute("data-spec")).textContent);
    fetch(first.topology, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (topo) {
        topology = topo;
        var arcs = decodeArcs(topology);
        var widths = [];
        for (var i = 0; i < maps.length; i += 1) {
          draw(maps[i], topology, arcs);
          widths.push(maps[i].clientWidth);
        }
        redrawWhenResized(maps, widths, arcs);
      });
  }

  // the labels are laid out for the map's width on screen: a phone turned sideways, or a
  // window made narrower, draws each map again once the resizing stops
  function redrawWhenResized(maps, widths, arcs) {
    var pending = null;
    window.addEventListener("resize", function () {
      clearTimeout(pending);
      pending = setTimeout(function () {
        for (var i = 0; i < maps.length; i += 1) {
          if (maps[i].clientWidth === widths[i]) {
            continue;
          }
          var drawn = maps[i].querySelector("svg.map-svg");
          if (drawn) {
            drawn.remove();
          }
          maps[i].setAttribute("data-drawn", "false");
          draw(maps[i], topology, arcs);
          widths[i] = maps[i].clientWidth;
        }
      }, 150);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
