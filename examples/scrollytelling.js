// Switches the page's <revenue-model> to the preset of the story step in the middle of the
// screen, and says what the model answers whenever it changes (its `change` event).
const model = document.querySelector('revenue-model');
const reading = document.getElementById('story-reading');

const observer = new IntersectionObserver(
  (entries) => {
    for (const entry of entries) {
      if (entry.isIntersecting) {
        model.setAttribute('preset', entry.target.dataset.preset);
      }
    }
  },
  // A step counts once it crosses the middle fifth of the screen.
  { rootMargin: '-40% 0px -40% 0px' },
);
for (const step of document.querySelectorAll('.story-step[data-preset]')) {
  observer.observe(step);
}

model.addEventListener('change', (event) => {
  const { chance, full, link } = event.detail;
  reading.textContent = `The model now gives a ${chance} chance of a $1B year${full ? '' : ' (a quick estimate, refining)'}. `;
  const anchor = document.createElement('a');
  anchor.href = link;
  anchor.textContent = 'Open this scenario on its own';
  reading.append(anchor);
});
