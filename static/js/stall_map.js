// Drag and drop on the organizer's stall map. It only fills the page's own forms and
// submits them, so the server decides and the page then shows what really happened.
(function () {
  "use strict";
  var floor = document.querySelector("[data-floor]");
  if (!floor) { return; }
  var assignForm = document.getElementById("assign-form");
  var moveForm = document.getElementById("drag-move-form");
  var dragged = null;

  function stallIdOf(target) {
    var group = target.closest && target.closest(".floor-map [data-stall-id]");
    return group ? group.getAttribute("data-stall-id") : null;
  }

  floor.addEventListener("dragstart", function (event) {
    var waiting = event.target.closest("[data-application-id]");
    var placed = event.target.closest("[data-assignment-id]");
    if (waiting) {
      dragged = { kind: "assign", id: waiting.getAttribute("data-application-id") };
    } else if (placed) {
      dragged = { kind: "move", id: placed.getAttribute("data-assignment-id") };
    } else { return; }
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", dragged.id);
  });

  floor.addEventListener("dragover", function (event) {
    if (dragged && stallIdOf(event.target)) { event.preventDefault(); }
  });

  floor.addEventListener("drop", function (event) {
    var stallId = stallIdOf(event.target);
    if (!dragged || !stallId) { return; }
    event.preventDefault();
    if (dragged.kind === "assign" && assignForm) {
      assignForm.elements.application.value = dragged.id;
      assignForm.elements.stall.value = stallId;
      if (assignForm.elements.stall.value !== stallId) {  // a taken stall is not among the choices
        var option = document.createElement("option");
        option.value = stallId;
        assignForm.elements.stall.appendChild(option);
        assignForm.elements.stall.value = stallId;
      }
      assignForm.submit();
    } else if (dragged.kind === "move") {
      moveForm.elements.assignment.value = dragged.id;
      moveForm.elements.stall.value = stallId;
      moveForm.submit();
    }
    dragged = null;
  });
}());
