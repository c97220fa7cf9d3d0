// The attendance page during the market (templates/checkin/attendance.html): every half minute
// the live part of the page is fetched again and swapped in when its data-version changed, so
// new arrivals show without reloading. Never while the organizer is using one of its forms,
// never while the tab is hidden. Without JavaScript a <noscript> meta refresh reloads the page.
(() => {
  const note = document.querySelector("[data-live-url]");
  if (!note || note.hasAttribute("data-live-stopped") || !document.getElementById("attendance-live")) {
    return;
  }
  const every = Number(note.dataset.liveEvery) || 30000;
  const status = note.querySelector(".live-status");

  async function update() {
    const current = document.getElementById("attendance-live");
    const active = document.activeElement;
    if (document.hidden || (active && current.contains(active) && active.closest("form"))) {
      return;
    }
    let response;
    try {
      response = await fetch(note.dataset.liveUrl, { credentials: "same-origin", cache: "no-store" });
    } catch (error) {
      return; // offline for a moment: the next round tries again
    }
    if (!response.ok) {
      return;
    }
    const fresh = new DOMParser().parseFromString(await response.text(), "text/html")
      .getElementById("attendance-live");
    if (!fresh) {
      return;
    }
    if (fresh.dataset.version !== current.dataset.version) {
      current.replaceWith(document.adoptNode(fresh));
      if (status) {
        status.textContent = fresh.querySelector(".live-stamp").textContent;
      }
    } else {
      current.querySelector(".live-stamp").textContent = fresh.querySelector(".live-stamp").textContent;
    }
  }

  setInterval(update, every);
  document.addEventListener("visibilitychange", () => {
    if (!document.hidden) {
      update();
    }
  });
})();
