// Bản tin: "Tăng cỡ chữ" / "Giảm cỡ chữ" buttons change the article's text size, remembered on this device.
(function () {
  "use strict";
  var article = document.getElementById("news-body");
  if (!article) { return; }
  var key = "hocba-co-chu";
  var size = parseInt(window.localStorage.getItem(key) || "100", 10);
  function apply() {
    article.style.fontSize = size + "%";
    window.localStorage.setItem(key, String(size));
  }
  function change(step) {
    size = Math.max(80, Math.min(200, size + step));
    apply();
  }
  document.getElementById("text-larger").addEventListener("click", function () { change(10); });
  document.getElementById("text-smaller").addEventListener("click", function () { change(-10); });
  apply();
})();
