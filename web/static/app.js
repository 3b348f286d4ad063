// Page behaviour without inline script (the CSP forbids it): start the design system's components.
document.addEventListener("DOMContentLoaded", function () {
  if (window.DKFDS && typeof window.DKFDS.init === "function") {
    window.DKFDS.init();
  }
});
// After htmx swaps in a form with errors, move focus to its first error so screen readers announce it.
document.addEventListener("htmx:afterSwap", function (event) {
  var alert = event.detail.target.querySelector ? event.detail.target.querySelector("[role=alert]") : null;
  if (alert) {
    alert.setAttribute("tabindex", "-1");
    alert.focus();
  }
});
