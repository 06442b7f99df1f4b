/* Draws every chart of the page from its JSON block (<script type="application/json">).
   No inline script anywhere: the Content-Security-Policy allows scripts from 'self' only.
   Without JavaScript, each chart's summary, data table and CSV link remain. */
(function () {
  "use strict";

  var TICK_GAP = 12; // px between two month labels of the x axis
  var measure = document.createElement("canvas").getContext("2d");

  /* The x axis's labelled months (already in the page's language, from the JSON) that fit the
     chart's width side by side: every one when they fit, else every second, third... tick, so
     that "janv. 2013" is never turned sideways nor cut on a phone. */
  function fittedTicks(element, layout, all) {
    var font = layout.font || {};
    measure.font = (font.size || 13) + "px " + (font.family || "sans-serif");
    var widest = 0;
    for (var i = 0; i < all.ticktext.length; i += 1) {
      widest = Math.max(widest, measure.measureText(all.ticktext[i]).width);
    }
    var margin = layout.margin || {};
    var room = element.clientWidth - (margin.l || 0) - (margin.r || 0);
    var step = 1;
    while (step < all.tickvals.length &&
           Math.ceil(all.tickvals.length / step) * (widest + TICK_GAP) > room) {
      step += 1;
    }
    var fitted = { tickvals: [], ticktext: [] };
    for (var j = 0; j < all.tickvals.length; j += step) {
      fitted.tickvals.push(all.tickvals[j]);
      fitted.ticktext.push(all.ticktext[j]);
    }
    return fitted;
  }

  function draw(element) {
    var block = document.getElementById(element.getAttribute("data-spec"));
    if (!block || typeof window.Plotly === "undefined") {
      return;
    }
    var spec = JSON.parse(block.textContent);
    var xaxis = spec.layout.xaxis || {};
    var all = xaxis.tickvals ? { tickvals: xaxis.tickvals, ticktext: xaxis.ticktext } : null;
    var shown = null;
    if (all) {
      shown = fittedTicks(element, spec.layout, all);
      xaxis.tickvals = shown.tickvals;
      xaxis.ticktext = shown.ticktext;
    }
    var config = { displayModeBar: false, responsive: true };
    window.Plotly.newPlot(element, spec.traces, spec.layout, config).then(function () {
      element.setAttribute("data-drawn", "true");
    });
    if (all) {
      window.addEventListener("resize", function () {
        var fitted = fittedTicks(element, spec.layout, all);
        if (fitted.tickvals.length !== shown.tickvals.length) {
          shown = fitted;
          window.Plotly.relayout(element, {
            "xaxis.tickvals": fitted.tickvals,
            "xaxis.ticktext": fitted.ticktext
          });
        }
      });
    }
  }

  function drawAll() {
    var charts = document.querySelectorAll(".chart[data-spec]");
    for (var i = 0; i < charts.length; i += 1) {
      draw(charts[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
