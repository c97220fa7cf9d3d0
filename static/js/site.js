// Behaviour every page may use, kept out of the HTML so the Content-Security-Policy can
// forbid inline script (festival/core/security_headers.py).
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-action='print']")) {
    window.print();
  }
});

// A file larger than its form accepts (`data-max-bytes`) is refused at once, before a slow
// upload that the server would refuse anyway; the other fields stay as they were typed.
document.addEventListener("change", (event) => {
  const input = event.target;
  if (!(input instanceof HTMLInputElement) || input.type !== "file" || !input.dataset.maxBytes) {
    return;
  }
  const limit = Number(input.dataset.maxBytes);
  const tooLarge = Array.from(input.files || []).some((file) => file.size > limit);
  const noteId = `${input.id}-too-large`;
  let note = document.getElementById(noteId);
  if (!tooLarge) {
    if (note) {
      note.remove();
      input.removeAttribute("aria-invalid");
    }
    return;
  }
  input.value = "";
  if (!note) {
    note = document.createElement("p");
    note.id = noteId;
    note.className = "errors";
    note.setAttribute("role", "alert");
    input.insertAdjacentElement("afterend", note);
    const described = input.getAttribute("aria-describedby");
    input.setAttribute("aria-describedby", described ? `${described} ${noteId}` : noteId);
  }
  note.textContent = input.dataset.tooLarge;
  input.setAttribute("aria-invalid", "true");
});
