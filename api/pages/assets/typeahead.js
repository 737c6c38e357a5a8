// Suggestions while typing in a search field marked data-typeahead="<JSON url>": an ARIA combobox with a listbox of
// results (arrow keys move, Enter opens, Escape closes). Without this script the field's GET form still works.
// Text is set with textContent only: result names come from the directory and are never parsed as HTML.
(function () {
  var DEBOUNCE_MS = 150;
  document.querySelectorAll('input[data-typeahead]').forEach(function (input) {
    var url = input.getAttribute('data-typeahead');
    var listId = input.id + '-listbox';
    var list = document.createElement('ul');
    list.id = listId;
    list.setAttribute('role', 'listbox');
    list.setAttribute('aria-label', 'Suggestions');
    list.className = 'typeahead-list';
    list.hidden = true;
    var status = document.createElement('p');
    status.className = 'visually-hidden';
    status.setAttribute('role', 'status');
    input.parentNode.appendChild(list);
    input.parentNode.appendChild(status);
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-expanded', 'false');
    input.setAttribute('aria-controls', listId);

    var items = [];
    var active = -1;
    var timer = null;
    var sequence = 0;

    function close() {
      list.hidden = true;
      input.setAttribute('aria-expanded', 'false');
      input.removeAttribute('aria-activedescendant');
      active = -1;
    }
    function highlight(index) {
      var options = list.querySelectorAll('[role="option"]');
      options.forEach(function (option, i) {
        option.setAttribute('aria-selected', i === index ? 'true' : 'false');
      });
      active = index;
      if (index >= 0 && options[index]) {
        input.setAttribute('aria-activedescendant', options[index].id);
        options[index].scrollIntoView({ block: 'nearest' });
      } else input.removeAttribute('aria-activedescendant');
    }
    function open(index) {
      if (items[index]) window.location.assign(items[index].href);
    }
    function render(found) {
      items = found;
      list.textContent = '';
      found.forEach(function (item, i) {
        var option = document.createElement('li');
        option.id = listId + '-' + i;
        option.setAttribute('role', 'option');
        option.setAttribute('aria-selected', 'false');
        var name = document.createElement('span');
        name.className = 'option-name';
        name.textContent = item.displayName;
        var detail = document.createElement('span');
        detail.className = 'option-detail';
        detail.textContent = item.kindText + (item.requestable ? '' : ' · cannot be requested');
        option.appendChild(name);
        option.appendChild(detail);
        option.addEventListener('mousedown', function (event) {
          event.preventDefault();
          open(i);
        });
        list.appendChild(option);
      });
      status.textContent = found.length === 1 ? '1 suggestion' : found.length + ' suggestions';
      if (found.length) {
        list.hidden = false;
        input.setAttribute('aria-expanded', 'true');
        active = -1;
      } else close();
    }
    function search() {
      var query = input.value.trim();
      var mine = ++sequence;
      if (!query) return render([]);
      fetch(url + '?q=' + encodeURIComponent(query), {
        headers: { accept: 'application/json' },
        credentials: 'same-origin',
      })
        .then(function (response) {
          return response.ok ? response.json() : { items: [] };
        })
        .then(function (body) {
          if (mine === sequence) render(body.items || []);
        })
        .catch(function () {
          /* the form still works: Enter submits it */
        });
    }
    input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(search, DEBOUNCE_MS);
    });
    input.addEventListener('keydown', function (event) {
      var open_ = !list.hidden && items.length > 0;
      if (event.key === 'ArrowDown' && open_) {
        event.preventDefault();
        highlight(Math.min(active + 1, items.length - 1));
      } else if (event.key === 'ArrowUp' && open_) {
        event.preventDefault();
        highlight(Math.max(active - 1, 0));
      } else if (event.key === 'Enter' && open_ && active >= 0) {
        event.preventDefault();
        open(active);
      } else if (event.key === 'Escape' && !list.hidden) {
        event.preventDefault();
        close();
      }
    });
    input.addEventListener('blur', close);
  });
})();
