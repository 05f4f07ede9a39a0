/* Copy buttons (the API key shown once, a credential's share link): progressive enhancement,
   without this script the text is still shown to select and copy. Messages come from data
   attributes, so the server translates them. */
(function () {
  "use strict";
  var roots = document.querySelectorAll("[data-copy-root]");
  Array.prototype.forEach.call(roots, function (root) {
    var source = root.querySelector("[data-copy-source]");
    var button = root.querySelector("[data-copy-button]");
    var status = root.querySelector("[data-copy-status]");
    if (!source || !button) { return; }
    function say(text) { if (status) { status.textContent = text; } }
    button.hidden = false;
    button.addEventListener("click", function () {
      var done = function () { say(root.getAttribute("data-msg-copied")); };
      var fallback = function () {
        source.focus();
        source.select();
        var ok = false;
        try { ok = document.execCommand("copy"); } catch (error) { ok = false; }
        if (ok) { done(); } else { say(root.getAttribute("data-msg-failed")); }
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(source.value).then(done, fallback);
      } else {
        fallback();
      }
    });
  });
})();
