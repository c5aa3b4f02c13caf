// The "In" (print) button of the printable slips: a listener instead of an inline onclick, which the
// Content-Security-Policy refuses (config/settings/security.py).
document.addEventListener("click", (event) => {
  if (event.target instanceof Element && event.target.closest("[data-print]")) {
    window.print();
  }
});
