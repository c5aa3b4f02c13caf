// The periodic task form (django-celery-beat): under the crontab field, its schedule in words. Replaces the
// package's inline script, which the Content-Security-Policy refuses (backend/templates/admin/djcelery/).
(() => {
  const script = document.currentScript;
  const help = script ? script.dataset.help || "" : "";
  const readable = JSON.parse(document.getElementById("readable-crontabs")?.textContent || "{}");
  const show = () => {
    const select = document.getElementById("id_crontab");
    const target = document.querySelector(".field-crontab .help");
    if (!select || !target) return;
    target.textContent = help;
    const words = readable[select.value];
    if (words) {
      target.append(document.createElement("br"), `${words}`);
    }
  };
  document.querySelectorAll(".field-crontab_translation").forEach((row) => {
    row.style.display = "none";
  });
  document.getElementById("id_crontab")?.addEventListener("change", show);
})();
