// Copy-key button (scan pages): progressive enhancement only. Without this script the button stays hidden and the key
// is there to select or type. Loaded with <script src defer> (the CSP allows no inline script). Copies the key without
// its spaces: the Clipboard API first, else a selected off-screen textarea and execCommand('copy'), else the key is
// selected on the page for the person to copy. A polite live region says what happened.
(function () {
  'use strict';

  var boxes = document.querySelectorAll('[data-copy-key]');
  for (var i = 0; i < boxes.length; i++) {
    enhance(boxes[i]);
  }

  function enhance(box) {
    var key = document.getElementById(box.getAttribute('data-copy-key'));
    var button = box.querySelector('button');
    var status = box.querySelector('[role="status"]');
    if (!key || !button || !status) {
      return;
    }

    function say(text) {
      status.textContent = text;
    }

    function copied() {
      say(status.getAttribute('data-copied'));
    }

    function copyBySelection(text) {
      var area = document.createElement('textarea');
      area.value = text;
      area.setAttribute('readonly', '');
      area.setAttribute('aria-hidden', 'true');
      area.className = 'visually-hidden';
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try {
        ok = document.execCommand('copy');
      } catch (e) {
        ok = false;
      }
      document.body.removeChild(area);
      button.focus();
      return ok;
    }

    function fallBack(text) {
      if (copyBySelection(text)) {
        copied();
        return;
      }
      var selection = window.getSelection();
      if (selection) {
        selection.selectAllChildren(key);
      }
      say(status.getAttribute('data-failed'));
    }

    button.addEventListener('click', function () {
      var text = key.textContent.replace(/\s+/g, '');
      // Emptied first, so pressing twice is announced twice.
      say('');
      if (navigator.clipboard && navigator.clipboard.writeText && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(copied, function () {
          fallBack(text);
        });
      } else {
        fallBack(text);
      }
    });
    box.hidden = false;
  }
}());
