// Bulk invitation progress (helpdesk): while a run goes on, fetches this same page every few seconds and copies the
// changed figures into place, so the page neither reloads nor moves focus (without scripts a <noscript> meta refresh
// reloads it instead). Only text is copied (textContent and two numeric attributes), never markup. When the run has
// ended the page is loaded once more, for the final state with everything the server shows then.
(function () {
  'use strict';

  var region = document.getElementById('bulk-progress');
  if (!region || region.getAttribute('data-running') !== 'true' || !window.fetch || !window.DOMParser) {
    return;
  }
  var seconds = parseInt(region.getAttribute('data-refresh-seconds'), 10) || 5;

  function copy(fresh) {
    var fields = fresh.querySelectorAll('[data-field]');
    for (var i = 0; i < fields.length; i++) {
      var name = fields[i].getAttribute('data-field');
      var here = document.querySelector('[data-field="' + name + '"]');
      if (!here) {
        return false; // the page's shape changed (the total became known): load it whole
      }
      if (here.textContent !== fields[i].textContent) {
        here.textContent = fields[i].textContent;
      }
    }
    var bar = document.getElementById('progress');
    var freshBar = fresh.getElementById('progress');
    if (bar && freshBar) {
      bar.setAttribute('max', freshBar.getAttribute('max'));
      bar.setAttribute('value', freshBar.getAttribute('value'));
    }
    return true;
  }

  function poll() {
    fetch(window.location.pathname, { credentials: 'same-origin', cache: 'no-store' })
      .then(function (response) {
        if (!response.ok) {
          throw new Error('HTTP ' + response.status);
        }
        return response.text();
      })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, 'text/html');
        var freshRegion = fresh.getElementById('bulk-progress');
        var running = freshRegion && freshRegion.getAttribute('data-running') === 'true';
        if (!running || !copy(fresh)) {
          window.location.reload();
          return;
        }
        window.setTimeout(poll, seconds * 1000);
      })
      .catch(function () {
        window.setTimeout(poll, seconds * 1000);
      });
  }

  window.setTimeout(poll, seconds * 1000);
})();
