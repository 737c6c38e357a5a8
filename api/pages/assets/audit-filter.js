// The audit filter's From / To are typed in the viewer's own time: this tells the server which zone that is (an
// IANA name in the hidden "tz" field) and says so beside the fields. Without it the server reads the times as UTC.
(function () {
  var zone;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch {
    return;
  }
  if (!zone) return;
  document.querySelectorAll('form.audit-filter input[name="tz"]').forEach(function (input) {
    input.value = zone;
  });
  document.querySelectorAll('form.audit-filter [data-zone-note]').forEach(function (note) {
    note.textContent = 'From (inclusive) and To (exclusive) in your time zone (' + zone + ').';
  });
})();
