// Upload progress: htmx reports the bytes sent; the bar shows them, then waits while the service checks the file.
document.addEventListener("htmx:xhr:progress", function (event) {
  var bar = document.getElementById("upload-progress-bar");
  if (!bar || !event.detail.lengthComputable) {
    return;
  }
  var percent = Math.round((event.detail.loaded / event.detail.total) * 100);
  if (percent < 100) {
    bar.value = percent;
  } else {
    bar.removeAttribute("value");
  }
});
