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

// A list grouped by province (`data-follows="<id of the province select>"`) shows only the
// chosen province's group. Without JavaScript every group stays and the server checks the pair.
function followProvince(list) {
  const province = document.getElementById(list.dataset.follows);
  if (!province) {
    return;
  }
  const chosen = province.selectedOptions[0];
  const name = chosen && chosen.value ? chosen.textContent.trim() : null;
  for (const group of list.querySelectorAll("optgroup")) {
    const shown = name !== null && group.label === name;
    group.hidden = !shown;
    group.disabled = !shown;
  }
  const selected = list.selectedOptions[0];
  if (selected && selected.parentElement.tagName === "OPTGROUP" && selected.parentElement.disabled) {
    list.value = list.options[0].value; // "No area"
  }
}

document.querySelectorAll("select[data-follows]").forEach((list) => {
  followProvince(list);
  const province = document.getElementById(list.dataset.follows);
  if (province) {
    province.addEventListener("change", () => followProvince(list));
  }
});
