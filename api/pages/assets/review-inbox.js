// The reviewer's inbox, enhanced: "Select all on this page" and a live count beside the bulk buttons. Without this
// script the checkboxes, "Keep selected" / "Remove selected" and each item's own buttons work the same.
(function () {
  var form = document.getElementById('decide');
  var count = document.getElementById('selected-count');
  if (!form || !count) return;
  var boxes = Array.prototype.slice.call(document.querySelectorAll('input[type="checkbox"][form="decide"]'));
  if (boxes.length === 0) return;

  var all = document.createElement('input');
  all.type = 'checkbox';
  all.id = 'select-all';
  var label = document.createElement('label');
  label.htmlFor = 'select-all';
  label.textContent = 'Select all on this page';
  var wrap = document.createElement('p');
  wrap.className = 'select';
  wrap.appendChild(all);
  wrap.appendChild(label);
  count.parentNode.insertBefore(wrap, count);

  function update() {
    var n = boxes.filter(function (box) {
      return box.checked;
    }).length;
    count.textContent = n === 0 ? 'No item selected.' : n === 1 ? '1 item selected.' : n + ' items selected.';
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
