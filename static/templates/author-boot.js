// Starts the author page (dist/author.html). `cargo xtask dist` fills in the hashed file
// names and loads this file with an integrity attribute, in place of trunk's inline
// loader, so the page runs under the same strict Content-Security-Policy as the widget.
import init from './{{GLUE_JS}}';

init({ module_or_path: new URL('./{{GLUE_WASM}}', import.meta.url) }).catch((error) => {
  const root = document.getElementById('author-root');
  if (root) {
    const note = document.createElement('p');
    note.textContent = 'The author page could not start in this browser: it needs Safari 15.1, Firefox 79, Chrome 96 or a later version.';
    root.append(note);
  }
  console.error(error);
});
