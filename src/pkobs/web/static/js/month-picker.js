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

    // The months of the chosen year outside the data's span cannot be chosen; a month left
    // outside when the year changes moves to the span's first or last month.
    function update() {
      for (var i = 0; i < month.options.length; i += 1) {
        var value = year.value + "-" + month.options[i].value;
        month.options[i].disabled = value < first || value > last;
      }
      var chosen = year.value + "-" + month.value;
      if (chosen < first) {
        month.value = first.slice(5);
      } else if (chosen > last) {
        month.value = last.slice(5);
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
