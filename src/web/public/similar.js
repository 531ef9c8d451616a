// "Questions like yours" on the new query form (issue 21). Written by hand because it is twenty
// lines: once topics are chosen, fetch /knowledge/similar (a page of this site) and show its list
// beside the form. The form never waits for it; without script the aside's link still leads to
// the knowledge base.
(function () {
  var aside = document.getElementById('similar');
  var before = aside && aside.previousElementSibling;
  var form = before && before.tagName === 'FORM' ? before : document.querySelector('form[action^="/inquiries"]');
  if (!aside || !form || !window.fetch || !window.DOMParser) return;
  var target = document.getElementById('similar-list');
  var timer = null;
  var controller = null;
  function chosen() {
    var slugs = [];
    var primary = form.querySelector('select[name="primaryTopic"]');
    if (primary && primary.value) slugs.push(primary.value);
    form.querySelectorAll('input[name="topics"]:checked').forEach(function (box) {
      if (slugs.indexOf(box.value) < 0) slugs.push(box.value);
    });
    return slugs.slice(0, 5);
  }
  function load() {
    var slugs = chosen();
    if (!slugs.length) return;
    if (controller) controller.abort();
    controller = window.AbortController ? new AbortController() : null;
    var query = slugs
      .map(function (s) {
        return 'topics=' + encodeURIComponent(s);
      })
      .join('&');
    fetch(aside.getAttribute('data-similar') + '?' + query, { credentials: 'same-origin', signal: controller ? controller.signal : undefined })
      .then(function (res) {
        return res.ok ? res.text() : '';
      })
      .then(function (html) {
        var found = html && new DOMParser().parseFromString(html, 'text/html').getElementById('similar-results');
        target.replaceChildren.apply(
          target,
          found
            ? Array.prototype.slice.call(found.childNodes).map(function (n) {
                return document.importNode(n, true);
              })
            : [],
        );
      })
      .catch(function () {});
  }
  form.addEventListener('change', function (e) {
    if (e.target && (e.target.name === 'primaryTopic' || e.target.name === 'topics')) {
      clearTimeout(timer);
      timer = setTimeout(load, 300);
    }
  });
  load();
})();
