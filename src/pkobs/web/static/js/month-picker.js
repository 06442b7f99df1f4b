/* Month pickers in the page's language (templates/_macros.html, month_field): shows the month
   and year lists the server wrote in the page's language and hides the list of every month,
   which stays in the form and is what it submits (name=YYYY-MM, the format the server checks).
   Without JavaScript that list is shown instead. Loaded once per picker: each is drawn once. */
(function () {
  "use strict";

  function enhance(field) {
    if (field.getAttribute("data-ready") === "true") {
      return;
    }
    var full = field.querySelector("select[data-part='full']");
    var month = field.querySelector("select[data-part='month']");
    var year = field.querySelector("select[data-part='year']");
    var first = field.getAttribute("data-first");
    var last = field.getAttribute("data-last");

    // A month the list of every month has disabled has no data (the server says so there).
    function offered(value) {
      var option = full.querySelector("option[value='" + value + "']");
      return option !== null && !option.disabled;
    }

    // The months of the chosen year outside the data's span, or without data, cannot be
    // chosen; a month left outside when the year changes moves to the span's first or last
    // month, a month without data to the nearest month of that year with data.
    function update() {
      for (var i = 0; i < month.options.length; i += 1) {
        var value = year.value + "-" + month.options[i].value;
        month.options[i].disabled = value < first || value > last || !offered(value);
      }
      var chosen = year.value + "-" + month.value;
      if (chosen < first) {
        month.value = first.slice(5);
      } else if (chosen > last) {
        month.value = last.slice(5);
      } else if (!offered(chosen)) {
        var at = month.selectedIndex;
        for (var step = 1; step < month.options.length; step += 1) {
          var earlier = month.options[at - step];
          var later = month.options[at + step];
          if (earlier && !earlier.disabled) {
            month.selectedIndex = at - step;
            break;
          }
          if (later && !later.disabled) {
            month.selectedIndex = at + step;
            break;
          }
        }
      }
      full.value = year.value + "-" + month.value;
    }

    month.addEventListener("change", update);
    year.addEventListener("change", update);
    field.querySelector(".month-fallback").hidden = true;
    field.querySelector(".month-parts").hidden = false;
    update();
    field.setAttribute("data-ready", "true");
  }

  function enhanceAll() {
    var fields = document.querySelectorAll("[data-month-picker]");
    for (var i = 0; i < fields.length; i += 1) {
      enhance(fields[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhanceAll);
  } else {
    enhanceAll();
  }
})();
