// The approvals inbox and the reviewer's inbox, enhanced: a "Select all" box and a live count of the selected rows
// beside the bulk buttons. Without this script the checkboxes and the bulk buttons work the same. The count element
// (#selected-count) sits in the bulk form and says what its rows are: data-noun ("request", "item") and
// data-select-all (the box's label).
(function () {
  var count = document.getElementById('selected-count');
  var form = count && count.closest('form');
  if (!form || !form.id) return;
  var boxes = Array.prototype.slice.call(document.querySelectorAll('input[type="checkbox"][form="' + form.id + '"]'));
  if (boxes.length === 0) return;
  var noun = count.getAttribute('data-noun') || 'item';

  var all = document.createElement('input');
  all.type = 'checkbox';
  all.id = 'select-all';
  var label = document.createElement('label');
  label.htmlFor = 'select-all';
  label.textContent = count.getAttribute('data-select-all') || 'Select all';
  var wrap = document.createElement('p');
  wrap.className = 'select';
  wrap.appendChild(all);
  wrap.appendChild(label);
  // "Select all" sits in the bulk form, beside the count and the buttons it serves.
  count.parentNode.insertBefore(wrap, count);

  function update() {
    var n = boxes.filter(function (box) {
      return box.checked;
    }).length;
    count.textContent =
      n === 0 ? 'No ' + noun + ' selected.' : n === 1 ? '1 ' + noun + ' selected.' : n + ' ' + noun + 's selected.';
    all.checked = n === boxes.length;
    all.indeterminate = n > 0 && n < boxes.length;
  }
  all.addEventListener('change', function () {
    boxes.forEach(function (box) {
      box.checked = all.checked;
    });
    update();
  });
  boxes.forEach(function (box) {
    box.addEventListener('change', update);
  });
  update();
})();
