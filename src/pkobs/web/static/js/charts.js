/* Draws every chart of the page from its JSON block (<script type="application/json">).
   No inline script anywhere: the Content-Security-Policy allows scripts from 'self' only.
   Without JavaScript, each chart's summary, data table and CSV link remain. */
(function () {
  "use strict";

  function draw(element) {
    var block = document.getElementById(element.getAttribute("data-spec"));
    if (!block || typeof window.Plotly === "undefined") {
      return;
    }
    var spec = JSON.parse(block.textContent);
    var config = { displayModeBar: false, responsive: true };
    window.Plotly.newPlot(element, spec.traces, spec.layout, config).then(function () {
      element.setAttribute("data-drawn", "true");
    });
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
