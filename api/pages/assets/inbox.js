// The approvals inbox, enhanced: a "Select all" box and a live count of the selected requests next to the bulk
// buttons. Without this script the checkboxes and "Approve selected" / "Deny selected" work the same.
(function () {
  var bulk = document.getElementById('bulk');
  var count = document.getElementById('selected-count');
  if (!bulk || !count) return;
  var boxes = Array.prototype.slice.call(document.querySelectorAll('input[type="checkbox"][form="bulk"]'));
  if (boxes.length === 0) return;

  var all = document.createElement('input');
  all.type = 'checkbox';
  all.id = 'select-all';
  var label = document.createElement('label');
  label.htmlFor = 'select-all';
  label.textContent = 'Select all';
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
    count.textContent = n === 0 ? 'No request selected.' : n === 1 ? '1 request selected.' : n + ' requests selected.';
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
