// Shows every <time datetime> in the viewer's time zone. Elements marked data-relative read as people say it
// ("in 42 min", "3 h ago") with the exact local time as their tooltip, and stay current while the page is open.
(function () {
  var units = [
    ['day', 86400],
    ['h', 3600],
    ['min', 60],
  ];
  function relative(ms) {
    var seconds = Math.round(Math.abs(ms) / 1000);
    var text = 'less than a minute';
    for (var i = 0; i < units.length; i++) {
      if (seconds >= units[i][1]) {
        var n = Math.floor(seconds / units[i][1]);
        var rest = seconds - n * units[i][1];
        text = n + ' ' + units[i][0] + (units[i][0] === 'day' && n !== 1 ? 's' : '');
        if (i < units.length - 1 && n < 10 && rest >= units[i + 1][1]) {
          text += ' ' + Math.floor(rest / units[i + 1][1]) + ' ' + units[i + 1][0];
        }
        break;
      }
    }
    return ms >= 0 ? 'in ' + text : text + ' ago';
  }
  function render() {
    var now = Date.now();
    document.querySelectorAll('time[datetime]').forEach(function (el) {
      var at = new Date(el.getAttribute('datetime'));
      if (isNaN(at.getTime())) return;
      var local = at.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
      if (el.hasAttribute('data-relative')) {
        el.textContent = relative(at.getTime() - now);
        el.title = local;
      } else {
        el.textContent = local;
      }
    });
  }
  render();
  setInterval(render, 15000);
})();
