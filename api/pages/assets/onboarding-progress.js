// Keeps an onboarding's progress current while the owners work through it: re-reads this same page every few seconds
// and swaps in its progress section, announcing a new stage to screen readers. Without it the page is still right
// when reloaded. Stops once the section says nothing more will change (data-final) or the page cannot be read.
(function () {
  var SECTION = 'onboarding-progress';
  var INTERVAL_MS = 4000;
  var section = document.getElementById(SECTION);
  if (!section || !window.fetch || !window.DOMParser) return;
  var live = document.createElement('p');
  live.className = 'visually-hidden';
  live.setAttribute('role', 'status');
  section.parentNode.insertBefore(live, section);

  function stageText(el) {
    var label = el.querySelector('.label');
    return label ? label.textContent.trim() : '';
  }

  function poll() {
    if (section.getAttribute('data-final') === 'true') return;
    fetch(window.location.href, { credentials: 'same-origin', headers: { accept: 'text/html' } })
      .then(function (response) {
        if (!response.ok) throw new Error('status ' + response.status);
        return response.text();
      })
      .then(function (text) {
        var next = new DOMParser().parseFromString(text, 'text/html').getElementById(SECTION);
        if (!next) return;
        // Once settled, the buttons that fit change too (Restart instead of Cancel): show the whole page afresh.
        // The page is loaded without its ?done= notice, which by now is old news.
        if (next.getAttribute('data-final') === 'true') return window.location.replace(window.location.pathname);
        if (next.innerHTML !== section.innerHTML) {
          var before = stageText(section);
          section.innerHTML = next.innerHTML;
          var after = stageText(section);
          if (after && after !== before) live.textContent = 'Onboarding: ' + after;
        }
        setTimeout(poll, INTERVAL_MS);
      })
      .catch(function () {
        /* Signed out or offline: leave the page as it is; a reload shows the current state. */
      });
  }
  setTimeout(poll, INTERVAL_MS);
})();
