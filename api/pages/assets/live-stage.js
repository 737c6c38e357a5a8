// Keeps the stage of pending requests on My access current: polls /access/status.json and rewrites each
// [data-stage-for] text. When one leaves Pending (active, ended) it offers a reload, so nothing moves under the reader.
(function () {
  var POLL_MS = 5000;
  var marks = document.querySelectorAll('[data-stage-for]');
  if (!marks.length) return;
  function poll() {
    fetch('/access/status.json', { headers: { accept: 'application/json' }, credentials: 'same-origin' })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (body) {
        if (!body) return;
        var byId = {};
        body.items.forEach(function (item) {
          byId[item.grantId] = item;
        });
        var pending = 0;
        marks.forEach(function (mark) {
          var item = byId[mark.getAttribute('data-stage-for')];
          if (!item) return;
          if (item.section === 'pending') {
            pending++;
            if (mark.textContent !== item.stageText) mark.textContent = item.stageText;
          } else if (!mark.querySelector('a')) {
            mark.textContent = item.stageText + ' ';
            var link = document.createElement('a');
            link.href = '/access';
            link.textContent = 'Reload to see it';
            mark.appendChild(link);
          }
        });
        if (pending) setTimeout(poll, POLL_MS);
      })
      .catch(function () {
        setTimeout(poll, POLL_MS * 3);
      });
  }
  setTimeout(poll, POLL_MS);
})();
