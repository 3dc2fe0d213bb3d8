// The one byte range a `Range` header asks for, as the node servers of the browser tests
// (harness.mjs) and of the search bench (bench/search/measure.mjs) answer it, like a static host.
// No dependencies, so that both packages can import it.

/**
 * The one byte range a `Range` header asks of `total` bytes: [first, last] (last clamped to the
 * file), "unsatisfiable" (416), or null (no header, several ranges or malformed: the whole file,
 * as RFC 9110 allows).
 */
export function byteRange(header, total) {
  const m = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header || "");
  if (!m || (m[1] === "" && m[2] === "")) return null;
  if (m[1] === "") {
    const n = Number(m[2]);
    return n > 0 && total > 0 ? [Math.max(0, total - n), total - 1] : "unsatisfiable";
  }
  const first = Number(m[1]), last = m[2] === "" ? Infinity : Number(m[2]);
  if (last < first) return null;
  return first >= total ? "unsatisfiable" : [first, Math.min(last, total - 1)];
}
