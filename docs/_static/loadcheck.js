// Records on <body> whether every image on the page loaded (read by the browser test).
window.addEventListener("load", function () {
  var images = Array.prototype.slice.call(document.images);
  var loaded = images.filter(function (img) { return img.complete && img.naturalWidth > 0; });
  document.body.setAttribute("data-images", loaded.length + "/" + images.length);
});
