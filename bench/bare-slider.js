// Shows the slider's value on every input, and nothing else. Its "result" (the status line
// the benchmark waits for) is ready at the next frame.
const status = document.querySelector('.rm-status');
document.getElementById('spend').addEventListener('input', (event) => {
  document.getElementById('value').textContent = event.target.value;
  status.setAttribute('data-full', 'false');
  requestAnimationFrame(() => status.setAttribute('data-full', 'true'));
});
