// Job page: poll the job's status until it finishes, and update the progress in place.
(function () {
  "use strict";
  const box = document.querySelector("[data-job-status]");
  if (!box) return;
  const url = box.getAttribute("data-job-status");
  const bar = box.querySelector("[data-job-progress]");

  function update(data) {
    for (const el of box.querySelectorAll("[data-job-field]")) {
      const value = data[el.getAttribute("data-job-field")];
      if (value !== undefined && value !== null) el.textContent = String(value);
    }
    if (bar) bar.value = data.percent;
    return data.finished;
  }

  async function poll() {
    try {
      const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (response.ok && update(await response.json())) {
        window.setTimeout(() => window.location.reload(), 600);  // show the final lists and links
        return;
      }
    } catch (error) {
      // The server is restarting or the network blinked: keep polling.
    }
    window.setTimeout(poll, 1500);
  }

  if (!box.querySelector(".job-done, .job-failed")) window.setTimeout(poll, 1000);
})();
