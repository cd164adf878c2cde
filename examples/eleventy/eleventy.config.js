// A minimal Eleventy site with two posts that use the revenueModel shortcode
// (revenue-model.js). From the repository's root:
//   npx @11ty/eleventy --config=examples/eleventy/eleventy.config.js --input=examples/eleventy --output=target/eleventy-example
import revenueModel from './revenue-model.js';

export default function (eleventyConfig) {
  eleventyConfig.addPlugin(revenueModel, {
    // The folder where dist/ is published.
    url: process.env.REVENUE_MODEL_URL ?? 'https://widgets.example.com/revenue-model/',
  });
}
