// html-validate's configuration for the built site (tests/browser/html.test.mjs). It validates
// the `--no-minify` build: the minifier leaves out optional tags and quotes on purpose, which is
// valid HTML but not what the style rules expect. Every rule turned off or relaxed says why.
export default {
  extends: ["html-validate:recommended"],
  rules: {
    // Style, not validity: the unminified output keeps the blank space that template tags
    // ({% if %}, {% for %}) leave at the end of lines; the shipped (minified) build has none.
    "no-trailing-whitespace": "off",
    // Style (a search-engine preference), not validity: a page's <title> is the talk's own
    // title, kept whole, and many announced titles are long sentences.
    "long-title": "off",
    // HTML allows any id without whitespace. Ids such as "1" come from Markdown footnote labels
    // ([^1]); "relaxed" still reports empty ids and ids with whitespace.
    "valid-id": ["error", { relaxed: true }],
  },
};
