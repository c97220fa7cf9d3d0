// Behaviour every page may use, kept out of the HTML so the Content-Security-Policy can
// forbid inline script (festival/core/security_headers.py).
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-action='print']")) {
    window.print();
  }
});
