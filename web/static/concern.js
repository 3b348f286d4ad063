// The concern form: the emergency numbers appear at once when acute danger is chosen. Without script the
// panel is always on the page (and the receipt shows the numbers), so nobody depends on this file.
document.addEventListener("DOMContentLoaded", function () {
  var panel = document.querySelector("[data-acute-panel]");
  var inputs = document.querySelectorAll("input[data-acute]");
  if (!panel || !inputs.length) {
    return;
  }
  function update() {
    var acute = false;
    inputs.forEach(function (input) {
      if (input.checked && input.value === "yes") {
        acute = true;
      }
    });
    panel.hidden = !acute;
  }
  inputs.forEach(function (input) {
    input.addEventListener("change", update);
  });
  update();
});
