// Live walk-through (helpdesk): polls the progress JSON and updates the page in place. Progressive enhancement only:
// without this script the page reloads itself (a <meta refresh> inside <noscript>, which browsers with scripts on
// never apply). Only text is written (textContent), never markup, so nothing from the server is interpreted as HTML.
(function () {
  'use strict';

  var POLL_MS = 2500;
  var region = document.getElementById('walkthrough');
  var status = document.getElementById('walkthrough-status');
  if (!region || !status || !window.fetch) {
    return;
  }
  var url = region.getAttribute('data-progress-url');
  var labels = {};
  var items = document.querySelectorAll('#walkthrough-labels [data-key]');
  for (var i = 0; i < items.length; i++) {
    labels[items[i].getAttribute('data-key')] = items[i].textContent;
  }
  var timeFormat = new Intl.DateTimeFormat(document.documentElement.lang || 'en',
    { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

  function when(iso) {
    return iso ? timeFormat.format(new Date(iso)) + ' UTC' : labels.none;
  }

  function show(field, text) {
    var element = region.querySelector('[data-field="' + field + '"]');
    // Only real changes are written, so the polite live region announces changes, not every poll.
    if (element && element.textContent !== text) {
      element.textContent = text;
    }
  }

  function render(progress) {
    show('hasMfa', labels['mfa.' + progress.hasMfa]);
    show('step', labels['step.' + progress.step] || progress.step);
    show('failedAttempts', String(progress.failedAttempts));
    show('lastProblem', progress.lastProblem || labels.none);
    show('updatedAt', when(progress.updatedAt));
    show('expiresAt', when(progress.expiresAt));
  }

  function setStatus(key) {
    if (status.getAttribute('data-state') !== key) {
      status.setAttribute('data-state', key);
      status.textContent = labels[key];
    }
  }

  function poll() {
    fetch(url, { credentials: 'same-origin', cache: 'no-store', headers: { 'Accept': 'application/json' } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error('HTTP ' + response.status);
        }
        return response.json();
      })
      .then(function (progress) {
        render(progress);
        setStatus('live');
      })
      .catch(function () {
        // Signed out, server restarting, network gone: say so, and keep trying.
        setStatus('paused');
      })
      .then(function () {
        window.setTimeout(poll, POLL_MS);
      });
  }

  setStatus('live');
  window.setTimeout(poll, POLL_MS);
}());
