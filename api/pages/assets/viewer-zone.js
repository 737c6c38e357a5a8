// A time typed into a form (<input type="datetime-local">) means the viewer's own wall clock: this puts their time
// zone (an IANA name) into each input[data-viewer-zone] for the server to convert with, and says so in each
// [data-zone-note]. Without it the server reads the time as UTC, and the note says that instead.
(function () {
  var zone;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch {
    return;
  }
  if (!zone) return;
  document.querySelectorAll('input[data-viewer-zone]').forEach(function (input) {
    if (!input.value) input.value = zone;
  });
  document.querySelectorAll('[data-zone-note]').forEach(function (note) {
    note.textContent = 'In your time zone (' + zone + ').';
  });
})();
