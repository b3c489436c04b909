(function () {
  "use strict";
  var form = document.getElementById("filters");
  if (!form) return;
  var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
  var rows = Array.prototype.slice.call(document.querySelectorAll("table.findings tbody tr"));
  var shown = document.getElementById("shown");
  // Filters come from and go to the address: #severity=error&region=…
  function read() {
    var params = new URLSearchParams(location.hash.slice(1));
    selects.forEach(function (s) {
      var v = params.get(s.name) || "";
      var known = Array.prototype.some.call(s.options, function (o) { return o.value === v; });
      s.value = known ? v : "";
    });
  }
  function apply() {
    var n = 0;
    rows.forEach(function (r) {
      var ok = selects.every(function (s) { return !s.value || r.getAttribute("data-" + s.name) === s.value; });
      r.hidden = !ok;
      if (ok) n += 1;
    });
    if (shown) shown.textContent = String(n);
  }
  function write() {
    var params = new URLSearchParams();
    selects.forEach(function (s) { if (s.value) params.set(s.name, s.value); });
    var hash = params.toString();
    history.replaceState(null, "", hash ? "#" + hash : location.pathname + location.search);
  }
  selects.forEach(function (s) {
    s.addEventListener("change", function () { apply(); write(); });
  });
  form.addEventListener("reset", function () {
    setTimeout(function () { apply(); write(); }, 0);
  });
  window.addEventListener("hashchange", function () { read(); apply(); });
  form.hidden = false;
  read();
  apply();
  document.documentElement.setAttribute("data-filters", "ready");
})();
