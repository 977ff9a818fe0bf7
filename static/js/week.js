// Week overview: the "Print" button. Hidden without JavaScript; the browser's own print works too.
document.querySelectorAll("[data-print]").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
