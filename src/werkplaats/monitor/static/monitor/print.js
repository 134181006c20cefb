// The "Afdrukken" button of the factsheet (no inline scripts: the CSP allows only files of this site).
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});
