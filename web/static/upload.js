// Upload progress: htmx reports the bytes sent; the bar shows them, then waits while the service checks the file.
function uploadProgressBar() {
  return document.getElementById("upload-progress-bar");
}

// Each upload starts from an empty bar, not from where the previous one ended.
document.addEventListener("htmx:xhr:loadstart", function () {
  var bar = uploadProgressBar();
  if (bar) {
    bar.value = 0;
  }
});

document.addEventListener("htmx:xhr:progress", function (event) {
  var bar = uploadProgressBar();
  if (!bar || !event.detail.lengthComputable || !event.detail.total) {
    return;
  }
  var percent = Math.round((event.detail.loaded / event.detail.total) * 100);
  if (percent < 100) {
    bar.value = percent;
  } else {
    bar.removeAttribute("value");
  }
});
