// The header's search box suggests as the shopper types: completions from
// /v1/search/suggest fill the box's list (a <datalist>, so choosing one is the browser's
// own, keyboard- and screen-reader-friendly). Without script the box is a plain form.
(function () {
  var box = document.getElementById("site-search-q");
  var list = document.getElementById("site-search-suggestions");
  if (!box || !list || !window.fetch) return;
  var timer = null;
  var asked = "";
  box.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(suggest, 150);
  });
  function suggest() {
    var q = box.value.trim();
    if (q === asked) return;
    asked = q;
    if (q.length < 2) {
      list.replaceChildren();
      return;
    }
    fetch("/v1/search/suggest?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (answer) {
        // A slower answer to an earlier query must not replace a later one.
        if (!answer || q !== asked) return;
        list.replaceChildren.apply(
          list,
          answer.suggestions.map(function (text) {
            var option = document.createElement("option");
            option.value = text;
            return option;
          })
        );
      })
      .catch(function () {});
  }
})();
