// Small enhancements only: every page works without this file.
(function () {
    "use strict";

    // After a failed submit, move focus to the message so keyboard and screen-reader users land on it.
    document.addEventListener("DOMContentLoaded", function () {
        var alert = document.getElementById("page-alert");
        if (alert) {
            alert.focus();
        }
    });

    // Buttons with data-confirm ask first (without script the action happens directly, as a plain form post).
    document.addEventListener("submit", function (event) {
        var button = event.submitter;
        var message = (button && button.getAttribute("data-confirm")) || event.target.getAttribute("data-confirm");
        if (message && !window.confirm(message)) {
            event.preventDefault();
        }
    });

    // Whether the person has typed into a form on this page: a reload would throw that away.
    var edited = false;
    document.addEventListener("input", function (event) {
        if (event.target && event.target.form) {
            edited = true;
        }
    });

    // Live status: an element with data-poll="url" asks that URL for {status, label, final} until the status is final.
    // Text goes in with textContent, never as HTML.
    function poll(element) {
        var url = element.getAttribute("data-poll");
        var delay = 2000;
        function tick() {
            fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
                .then(function (response) { return response.ok ? response.json() : null; })
                .then(function (data) {
                    if (data) {
                        var label = element.querySelector("[data-status-label]") || element;
                        if (label.textContent !== data.label) {
                            // Show the change at once, then the page as the server now sees it (actions such as Cancel may
                            // differ), unless that would lose what the person is typing: the new status is shown, and a
                            // submit that no longer fits it gets the server's answer.
                            label.textContent = data.label;
                            label.className = "badge badge-" + String(data.status).toLowerCase();
                            if (!edited) {
                                window.location.reload();
                            }
                            return;
                        }
                        if (data.final) {
                            return;
                        }
                    }
                    delay = Math.min(delay * 1.5, 15000);
                    window.setTimeout(tick, delay);
                })
                .catch(function () { window.setTimeout(tick, 15000); });
        }
        window.setTimeout(tick, delay);
    }

    document.addEventListener("DOMContentLoaded", function () {
        document.querySelectorAll("[data-poll]").forEach(poll);
    });
})();
