// The meeting series form: when another layer is chosen, the number of meetings follows that layer's cadence
// (data-cadence on the layer list), unless the number was changed by hand. Without JavaScript the page's
// ?laag= parameter does the same (no inline scripts: the CSP allows only files of this site).
for (const select of document.querySelectorAll("select[data-cadence]")) {
  const cadence = JSON.parse(select.dataset.cadence);
  const count = select.form && select.form.elements.namedItem(select.name.replace(/layer$/, "count"));
  let previous = select.value;
  select.addEventListener("change", () => {
    if (count && String(count.value) === String(cadence[previous])) {
      count.value = cadence[select.value];
    }
    previous = select.value;
  });
}
