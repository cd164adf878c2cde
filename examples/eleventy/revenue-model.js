// The interactive revenue model as an Eleventy shortcode: a frame that follows its height.
//
// Copy this file into the Eleventy project and add it, with the folder where dist/ is
// published, to eleventy.config.js:
//
//   import revenueModel from './revenue-model.js';
//   export default function (eleventyConfig) {
//     eleventyConfig.addPlugin(revenueModel, { url: 'https://widgets.example.com/revenue-model/' });
//   }
//
// Then, in a post (Markdown, Liquid or Nunjucks):
//
//   {% revenueModel %}
//   {% revenueModel "bytedance-exit", "dark", 1100 %}
//
// The arguments, all optional: preset (article, bytedance-exit, diversified, growth-misses),
// theme (auto, light, dark) and the frame's height in px until embed.js sizes it (900).

/** Text for an HTML attribute value in double quotes. */
function attribute(text) {
  const entities = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
  return String(text).replace(/[&<>"']/g, (c) => entities[c]);
}

export default function revenueModel(eleventyConfig, { url } = {}) {
  if (typeof url !== 'string' || !/^https?:\/\/[^/]/.test(url)) {
    throw new Error(
      'revenue-model: addPlugin(revenueModel, { url }) needs the folder where the widget is published, e.g. https://widgets.example.com/revenue-model/',
    );
  }
  const base = url.endsWith('/') ? url : `${url}/`;
  // Pages that already have the resizer script, for one script per page; a new build starts afresh.
  const withScript = new Set();
  eleventyConfig.on('eleventy.before', () => withScript.clear());

  eleventyConfig.addShortcode('revenueModel', function (preset, theme, height = 900) {
    const query = new URLSearchParams();
    if (preset) query.set('preset', preset);
    if (theme) query.set('theme', theme);
    const pixels = Number.parseInt(height, 10);
    if (!Number.isFinite(pixels) || pixels <= 0) {
      throw new Error(`revenueModel: the height must be a number of pixels, got ${JSON.stringify(height)}`);
    }
    const src = `${base}index.html${query.size > 0 ? `?${query}` : ''}`;
    const frame = `<iframe src="${attribute(src)}" sandbox="allow-scripts allow-downloads" data-revenue-model title="Interactive revenue model" loading="lazy" width="100%" height="${pixels}"></iframe>`;
    const page = this.page?.outputPath ?? this.page?.url;
    if (page !== undefined && withScript.has(page)) {
      return frame;
    }
    withScript.add(page);
    return `${frame}\n<script src="${attribute(`${base}embed.js`)}" defer></script>`;
  });
}
