// Draws the dashboard's charts from the JSON the page carries; a click on a bar opens the
// cases behind it. No data is fetched: the page is rendered by the server with its filters.
/* global Chart */
(function () {
  // Labels in the page's own font stack (Lao, Thai and Chinese are self-hosted by the service),
  // drawn once those fonts are in, so the canvas never shows boxes for the script.
  const family = getComputedStyle(document.documentElement).fontFamily;
  Chart.defaults.font.family = family;
  Chart.defaults.color = '#1b1f24';
  document.fonts.ready.then(function () {
    for (const node of document.querySelectorAll('script[type="application/json"][data-chart]')) {
      const spec = JSON.parse(node.textContent);
      const canvas = document.getElementById(node.dataset.chart);
      if (!canvas || !spec.labels.length) continue;
      new Chart(canvas, {
        type: 'bar',
        data: { labels: spec.labels, datasets: spec.datasets },
        options: {
          responsive: true,
          locale: document.documentElement.lang,
          scales: {
            x: { stacked: !!spec.stacked },
            // Persons are whole: no tick at 0.5 of a person.
            y: { stacked: !!spec.stacked, beginAtZero: true, title: { display: true, text: spec.unit }, ticks: spec.whole ? { precision: 0 } : {} },
          },
          onClick: function (_event, elements) {
            if (elements.length && spec.links) window.location.href = spec.links[elements[0].index];
          },
        },
      });
    }
  });
})();
