// Drag and drop on the organizer's stall map. It only fills the page's own forms and
// submits them, so the server decides and the page then shows what really happened.
// Without JavaScript (or with a keyboard) the same forms are used directly.
(function () {
  "use strict";
  var floor = document.querySelector("[data-floor]");
  if (!floor) { return; }
  var assignForm = document.getElementById("assign-form");
  var moveForm = document.getElementById("drag-move-form");
  var hint = floor.querySelector("[data-drag-hint]");
  var dragged = null;
  var target = null;  // the stall group under the pointer, outlined while dragging

  if (hint) { hint.hidden = false; }

  function stallOf(node) {
    return node && node.closest ? node.closest(".floor-map [data-stall-id]") : null;
  }

  function outline(group) {
    if (target === group) { return; }
    if (target) { target.classList.remove("stall-drop-target"); }
    target = group;
    if (target) { target.classList.add("stall-drop-target"); }
  }

  function reset() {
    outline(null);
    var source = floor.querySelector(".is-dragged");
    if (source) { source.classList.remove("is-dragged"); }
    dragged = null;
  }

  floor.addEventListener("dragstart", function (event) {
    var waiting = event.target.closest("[data-application-id]");
    var placed = event.target.closest("[data-assignment-id]");
    if (waiting) {
      dragged = { kind: "assign", id: waiting.getAttribute("data-application-id") };
    } else if (placed) {
      dragged = { kind: "move", id: placed.getAttribute("data-assignment-id") };
    } else { return; }
    (waiting || placed).classList.add("is-dragged");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", dragged.id);
  });

  floor.addEventListener("dragover", function (event) {
    var group = dragged ? stallOf(event.target) : null;
    outline(group);
    if (group) { event.preventDefault(); }
  });

  floor.addEventListener("dragend", reset);

  floor.addEventListener("drop", function (event) {
    var group = stallOf(event.target);
    if (!dragged || !group) { return; }
    event.preventDefault();
    var stallId = group.getAttribute("data-stall-id");
    if (dragged.kind === "assign" && assignForm) {
      var stall = assignForm.elements.stall;
      assignForm.elements.application.value = dragged.id;
      stall.value = stallId;
      if (stall.value !== stallId) {  // a taken stall is not among the choices: the server says no
        var option = document.createElement("option");
        option.value = stallId;
        stall.appendChild(option);
        stall.value = stallId;
      }
      assignForm.submit();
    } else if (dragged.kind === "move") {
      moveForm.elements.assignment.value = dragged.id;
      moveForm.elements.stall.value = stallId;
      moveForm.submit();
    }
    reset();
  });
}());
