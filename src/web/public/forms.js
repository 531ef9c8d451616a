// Moves focus to the first field in error (or the error summary) for browsers that ignore
// autofocus after a form is shown again, and narrows long lists of checkboxes as one types in
// their filter. The pages work without it: autofocus, the summary's links and the full list.
(function () {
  var target = document.querySelector('[data-focus]');
  if (target && document.activeElement !== target) target.focus();
  document.querySelectorAll('input[data-filter]').forEach(function (input) {
    var list = document.getElementById(input.getAttribute('data-filter'));
    if (!list) return;
    input.parentElement.hidden = false;
    input.addEventListener('input', function () {
      var q = input.value.trim().toLocaleLowerCase();
      list.querySelectorAll('[data-name]').forEach(function (item) {
        var box = item.querySelector('input');
        item.hidden = q !== '' && !(box && box.checked) && item.getAttribute('data-name').indexOf(q) === -1;
      });
    });
  });
})();
