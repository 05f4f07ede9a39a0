/* Saves a quiz attempt's answers as the trainee goes (progressive enhancement: without this
   script the "Save answers" button does the same). Messages come from the form's data attributes,
   so they are translated by the server. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  if (!form || !window.fetch || !window.FormData) { return; }
  var status = document.getElementById(form.getAttribute("data-autosave-status"));
  var timer = null;
  var pending = false;

  function say(text) { if (status) { status.textContent = text; } }

  function save() {
    var data = new FormData(form);
    data.append("save", "1");
    pending = false;
    say(form.getAttribute("data-msg-saving"));
    fetch(form.action, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-Sebaya-Autosave": "1", "Accept": "application/json" }
    }).then(function (response) {
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.json();
    }).then(function () {
      var time = new Date().toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
      say(form.getAttribute("data-msg-saved").replace("%(time)s", time));
    }).catch(function () {
      pending = true;
      say(form.getAttribute("data-msg-failed"));
    });
  }

  form.addEventListener("change", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(save, 600);
  });
  window.addEventListener("online", function () { if (pending) { save(); } });
})();
