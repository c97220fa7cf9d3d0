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

// Logging out, on any page, deletes what a gate phone keeps for working offline (its list of
// badges, its enrolments, the cached gate pages: static/js/gate-store.js, templates/gate/sw.js),
// not the scans it has not sent yet: they go with the next sign-in. With scans waiting, or
// without a network (an accidental logout would leave the gate without its list), it asks first.
document.addEventListener("submit", (event) => {
  const logout = event.target.closest("form[data-logout]");
  let gateUsed = false;
  try { gateUsed = window.localStorage.getItem("festival-gate-used") === "1"; } catch (error) { /* private mode */ }
  if (!logout || logout.dataset.cleared || !gateUsed || !window.indexedDB) {
    return;  // nothing of the gate on this phone: log out at once
  }
  event.preventDefault();
  const finish = () => {
    logout.dataset.cleared = "1";
    logout.submit();
  };
  const opening = indexedDB.open("festival-gate");
  opening.onupgradeneeded = () => opening.transaction.abort();  // never used on this phone: nothing to clear
  opening.onerror = finish;
  opening.onsuccess = () => {
    const db = opening.result;
    const counting = db.transaction("scans").objectStore("scans").index("unsent").count(1);
    counting.onerror = () => { db.close(); finish(); };
    counting.onsuccess = () => {
      const waiting = counting.result;
      const question = waiting > 0 ? logout.dataset.waitingQuestion : (navigator.onLine === false
        ? logout.dataset.offlineQuestion : "");
      if (question && !window.confirm(question.replace("%(num)s", String(waiting)))) {
        db.close();
        return;
      }
      const clearing = db.transaction(["packages", "devices"], "readwrite");
      clearing.objectStore("packages").clear();
      clearing.objectStore("devices").clear();
      clearing.oncomplete = clearing.onerror = () => {
        db.close();
        try {
          window.localStorage.removeItem("festival-gate-offline");
          if (waiting === 0) { window.localStorage.removeItem("festival-gate-used"); }
        } catch (error) { /* private mode */ }
        const caches = window.caches ? window.caches.keys().then((names) => Promise.all(
          names.filter((name) => name.startsWith("festival-gate-")).map((name) => window.caches.delete(name))))
          : Promise.resolve();
        caches.catch(() => null).then(finish);
      };
    };
  };
});
