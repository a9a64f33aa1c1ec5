// SPDX-License-Identifier: AGPL-3.0-or-later
// Palermo web app: small progressive enhancements only. Every flow works without this file.
(function () {
  'use strict';
  // Ask before leaving a case form with unsaved changes.
  document.querySelectorAll('form[data-guard]').forEach(function (form) {
    var dirty = false;
    form.addEventListener('input', function () { dirty = true; });
    form.addEventListener('submit', function () { dirty = false; });
    window.addEventListener('beforeunload', function (e) {
      if (dirty) { e.preventDefault(); e.returnValue = ''; }
    });
  });
  // Move focus to an error message so that screen readers announce it.
  var alert = document.querySelector('[role=alert]');
  if (alert) { alert.setAttribute('tabindex', '-1'); alert.focus(); }
  // Identifiers shown after a purpose prompt are hidden again after five minutes.
  var sensitive = document.querySelector('.sensitive[data-hide-after]');
  if (sensitive) {
    setTimeout(function () { sensitive.hidden = true; },
               1000 * parseInt(sensitive.getAttribute('data-hide-after'), 10));
  }
})();
