// Page behaviour without inline script (the CSP forbids it): start the design system's components.
document.addEventListener("DOMContentLoaded", function () {
  if (window.DKFDS && typeof window.DKFDS.init === "function") {
    window.DKFDS.init();
  }
  // The design system names the menu that holds what does not fit in Danish; say it in the page's language.
  // A page that comes back with a form's problems (no htmx) starts from their summary.
  var problems = document.querySelector("[role=alert][data-focus-on-load]");
  if (problems) {
    problems.focus();
  }
  var moreLabel = document.body.getAttribute("data-more-label");
  document.querySelectorAll(".more-button > span").forEach(function (span) {
    if (moreLabel) {
      span.textContent = moreLabel;
    }
  });
});

// After htmx swaps in a form with errors, move focus to the error message (or summary) so that screen
// readers read it and keyboard users start from it. htmx fires afterSwap on the newly inserted element.
document.addEventListener("htmx:afterSwap", function (event) {
  var inserted = event.target;
  if (!inserted || !inserted.querySelector) {
    return;
  }
  var alert = inserted.matches("[role=alert]") ? inserted : inserted.querySelector("[role=alert]");
  if (!alert) {
    return;
  }
  if (alert.matches("[data-module=error-summary]") && window.DKFDS && window.DKFDS.ErrorSummary) {
    // Its links then move focus to the field, with the label scrolled into view.
    new window.DKFDS.ErrorSummary(alert).init();
  }
  alert.setAttribute("tabindex", "-1");
  alert.focus();
});
