// Records on <body>, once the page and MathJax are done, what the browser test reads:
//   data-images   "loaded/total" images
//   data-mathjax  number of MathJax-rendered formulas (mjx-container elements)
//   data-rawtex   number of text nodes still holding TeX delimiters ($$, \( or \[)
//   data-overflow the page's horizontal overflow in px (scrollWidth - viewport width)
//   data-clipped  elements that stick out of the text column without a scroll container of their
//                 own, or whose content is cut off (overflow hidden), as "tag.class" separated by " "
//   data-ready    "1" when all of the above are set
(function () {
  function scrolls(el, stop) {
    for (var node = el.parentElement; node && node !== stop; node = node.parentElement) {
      var style = window.getComputedStyle(node).overflowX;
      if (style === "auto" || style === "scroll") { return true; }
    }
    return false;
  }
  function name(el) {
    return el.tagName.toLowerCase() + (el.className && typeof el.className === "string"
      ? "." + el.className.trim().split(/\s+/).join(".") : "");
  }
  function record() {
    var body = document.body;
    var images = Array.prototype.slice.call(document.images);
    var loaded = images.filter(function (img) { return img.complete && img.naturalWidth > 0; });
    body.setAttribute("data-images", loaded.length + "/" + images.length);
    body.setAttribute("data-mathjax", String(document.querySelectorAll("mjx-container").length));
    var raw = 0;
    var walker = document.createTreeWalker(document.querySelector("article") || body, NodeFilter.SHOW_TEXT);
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      var parent = node.parentElement;
      if (parent && parent.closest("pre, code, script, style, .highlight")) { continue; }
      if (/\$\$|\\\(|\\\[/.test(node.nodeValue)) { raw += 1; }
    }
    body.setAttribute("data-rawtex", String(raw));
    body.setAttribute("data-overflow", String(document.documentElement.scrollWidth - window.innerWidth));
    var article = document.querySelector("article.bd-article") || document.querySelector("article") || body;
    var right = article.getBoundingClientRect().right;
    var bad = [];
    article.querySelectorAll("pre, table, img, div.math, mjx-container, p, li, dl").forEach(function (el) {
      var box = el.getBoundingClientRect();
      if (box.right > right + 1 && !scrolls(el, article)) { bad.push(name(el)); }
      var style = window.getComputedStyle(el);
      if ((style.overflowX === "hidden" || style.overflowX === "clip") && el.scrollWidth > el.clientWidth + 1) {
        bad.push(name(el) + "(clipped)");
      }
    });
    body.setAttribute("data-clipped", bad.join(" "));
    body.setAttribute("data-ready", "1");
  }
  window.addEventListener("load", function () {
    var startup = window.MathJax && window.MathJax.startup && window.MathJax.startup.promise;
    if (startup) { startup.then(record, record); } else { record(); }
  });
})();
