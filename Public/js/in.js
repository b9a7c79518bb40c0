// The print button of a page laid out for paper (certificates): the browser's print, nothing else. A file, not an
// inline handler: the Content-Security-Policy allows scripts from the site only.
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.addEventListener("click", function () { window.print(); });
});
