/* The planners' maps (Leaflet, served by RELOS itself; no tiles, no other site).
 *
 * Each map is a <div class="map" data-map="KIND" data-src="GEOJSON" data-land="LAND"> the page renders beside
 * a table holding the same facts; this script fetches the land and the GeoJSON and draws them. KIND is
 * "facilities" (by kind, and whether each is open to the user's party), "route" and "ferry" (legs and stops)
 * or "reach" (with data-case "without" or "with": the sea area reached, what the agreement adds, facilities by
 * status), or "tiers" (the sea each tier of a reach comparison adds, facilities by the first tier reaching
 * them, ringed when a call needs the port state's consent). Every text shown on the map is a feature's `label`,
 * set as text (never as HTML). When drawn, the container says which layers it holds (data-layers) and how many
 * features (data-features).
 */
(function () {
  "use strict";

  var KIND_COLOURS = { port: "#1f6feb", naval_base: "#0b3d91", airfield: "#bf8700", air_base: "#9a6700" };
  var ACCESS_RINGS = { own: "#1b1f24", open_to_you: "#1a7f37", other: "#8c959f" };
  var STATUS_COLOURS = {
    home: "#1b1f24",
    reachable: "#1f6feb",
    shortened: "#d4a72c",
    newly_reachable: "#e8590c",
    unreachable: "#afb8c1"
  };
  var TIER_COLOURS = { own: "#1f6feb", agreement: "#e8590c", commercial: "#8250df", tanker: "#1a7f37" };
  var cache = {};

  function getJson(url) {
    if (!cache[url]) {
      cache[url] = fetch(url, { credentials: "same-origin", headers: { Accept: "application/geo+json" } }).then(
        function (response) {
          if (!response.ok) {
            throw new Error("HTTP " + response.status);
          }
          return response.json();
        }
      );
    }
    return cache[url];
  }

  function asText(label) {
    var span = document.createElement("span");
    span.textContent = label || "";
    return span;
  }

  function labelled(feature, layer) {
    if (feature.properties && feature.properties.label) {
      layer.bindTooltip(asText(feature.properties.label), { sticky: feature.geometry.type !== "Point" });
    }
  }

  function newMap(element) {
    element.textContent = "";
    var map = L.map(element, { zoomSnap: 0.5, worldCopyJump: false, minZoom: 1, maxZoom: 9 });
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution("Natural Earth · Leaflet");
    map.setView([20, 90], 2);
    return map;
  }

  function drawLand(map, land) {
    return L.geoJSON(land, {
      interactive: false,
      style: { className: "relos-land", color: "#b9ad8f", weight: 0.6, fillColor: "#efe9d8", fillOpacity: 1 }
    }).addTo(map);
  }

  function points(options) {
    return function (feature, latlng) {
      return L.circleMarker(latlng, options(feature));
    };
  }

  function drawFacilities(map, data) {
    return L.geoJSON(data, {
      pointToLayer: points(function (f) {
        var p = f.properties;
        return {
          className: "relos-facility relos-kind-" + p.kind + " relos-access-" + p.access,
          radius: p.access === "other" ? 4 : 6,
          color: ACCESS_RINGS[p.access] || "#8c959f",
          weight: p.access === "open_to_you" ? 3 : 1.5,
          fillColor: KIND_COLOURS[p.kind] || "#57606a",
          fillOpacity: 0.85
        };
      }),
      onEachFeature: labelled
    }).addTo(map);
  }

  function drawRoute(map, data) {
    return L.geoJSON(data, {
      style: function (f) {
        var p = f.properties;
        if (f.geometry.type === "Point") {
          return {}; // drawn by pointToLayer (a style here would replace its class)
        }
        if (p.kind === "shortfall") {
          return { className: "relos-shortfall", color: "#cf222e", weight: 3, dashArray: "8 6" };
        }
        return { className: "relos-leg", color: p.n % 2 ? "#0b3d91" : "#e8590c", weight: 4, opacity: 0.9 };
      },
      pointToLayer: points(function (f) {
        var role = f.properties.kind;
        return {
          className: "relos-" + role,
          radius: role === "stop" ? 7 : 6,
          color: "#ffffff",
          weight: 2,
          fillColor: role === "stop" ? "#e8590c" : "#1b1f24",
          fillOpacity: 1
        };
      }),
      onEachFeature: labelled
    }).addTo(map);
  }

  function drawReach(map, data, which) {
    var shown = data.features.filter(function (f) {
      var p = f.properties;
      return p.kind !== "sea_area" || which === "with" || p["case"] === "without";
    });
    return L.geoJSON({ type: "FeatureCollection", features: shown }, {
      style: function (f) {
        if (f.geometry.type === "Point") {
          return {};
        }
        if (f.properties["case"] === "added_by_agreement") {
          return { className: "relos-area-added", color: "#e8590c", weight: 2.5, opacity: 0.9 };
        }
        return { className: "relos-area-without", color: "#1f6feb", weight: 1.5, opacity: 0.55 };
      },
      pointToLayer: points(function (f) {
        var status = f.properties.status;
        if (which === "without" && (status === "newly_reachable" || status === "shortened")) {
          status = status === "shortened" ? "reachable" : "unreachable";
        }
        return {
          className: "relos-facility relos-status-" + status,
          radius: status === "unreachable" ? 3 : 6,
          color: "#ffffff",
          weight: status === "unreachable" ? 0.5 : 1.5,
          fillColor: STATUS_COLOURS[status] || "#57606a",
          fillOpacity: status === "unreachable" ? 0.7 : 1
        };
      }),
      onEachFeature: labelled
    }).addTo(map);
  }

  function drawTiers(map, data) {
    return L.geoJSON(data, {
      style: function (f) {
        if (f.geometry.type === "Point") {
          return {};
        }
        var tier = f.properties.tier;
        return { className: "relos-area-" + tier, color: TIER_COLOURS[tier] || "#57606a", weight: 2, opacity: 0.7 };
      },
      pointToLayer: points(function (f) {
        var p = f.properties;
        var reached = p.status !== "unreachable";
        return {
          className: "relos-facility relos-tier-" + p.status + (p.consent_needed ? " relos-consent" : ""),
          radius: reached ? 6 : 3,
          color: p.consent_needed ? "#1b1f24" : "#ffffff",
          weight: p.consent_needed ? 2.5 : reached ? 1.5 : 0.5,
          fillColor: p.status === "home" ? STATUS_COLOURS.home : TIER_COLOURS[p.status] || STATUS_COLOURS.unreachable,
          fillOpacity: reached ? 1 : 0.7
        };
      }),
      onEachFeature: labelled
    }).addTo(map);
  }

  function fit(map, layer) {
    var bounds = layer.getBounds();
    if (bounds.isValid()) {
      map.fitBounds(bounds, { padding: [20, 20], maxZoom: 6 });
    }
  }

  function sync(maps) {
    var moving = false;
    maps.forEach(function (source) {
      source.on("move", function () {
        if (moving) {
          return;
        }
        moving = true;
        maps.forEach(function (other) {
          if (other !== source) {
            other.setView(source.getCenter(), source.getZoom(), { animate: false });
          }
        });
        moving = false;
      });
    });
  }

  function draw(element) {
    var kind = element.getAttribute("data-map");
    var map = newMap(element);
    return Promise.all([getJson(element.getAttribute("data-land")), getJson(element.getAttribute("data-src"))])
      .then(function (loaded) {
        drawLand(map, loaded[0]);
        var layer;
        if (kind === "facilities") {
          layer = drawFacilities(map, loaded[1]);
        } else if (kind === "reach") {
          layer = drawReach(map, loaded[1], element.getAttribute("data-case"));
        } else if (kind === "tiers") {
          layer = drawTiers(map, loaded[1]);
        } else {
          layer = drawRoute(map, loaded[1]);
        }
        fit(map, layer);
        element.setAttribute("data-layers", "land " + kind);
        element.setAttribute("data-features", String(layer.getLayers().length));
        return map;
      })
      .catch(function () {
        element.setAttribute("data-layers", "failed");
        var note = document.createElement("p");
        note.className = "map-failed";
        note.textContent = element.getAttribute("data-failed");
        element.parentNode.insertBefore(note, element.nextSibling);
        return map;
      });
  }

  function start() {
    if (typeof L === "undefined") {
      return;
    }
    var elements = Array.prototype.slice.call(document.querySelectorAll("div.map[data-map]"));
    Promise.all(elements.map(draw)).then(function (maps) {
      var reach = maps.filter(function (m, i) {
        return elements[i].getAttribute("data-map") === "reach";
      });
      if (reach.length > 1) {
        sync(reach);
        var widest = reach[reach.length - 1];
        reach[0].setView(widest.getCenter(), widest.getZoom(), { animate: false });
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
