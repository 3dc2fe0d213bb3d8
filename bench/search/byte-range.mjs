// Byte ranges as static hosts answer them, for the search bench's node server (measure.mjs). The
// browser tests and `hosts.mjs` serve with `talkarchive serve --ranges` (src/serve/), which
// answers the same three ways; this server stays for the benches that serve a page beside the
// site (Pagefind's) and count bytes as the server sends them, request by request.

/** Separates the parts of a multipart answer (a reader finds each part's end by its range). */
export const BOUNDARY = "talkarchive-byteranges";
/** More ranges than this in one header are answered with the whole file, as the RFC allows. */
const MAX_RANGES = 256;

/**
 * The byte ranges a `Range` header asks of `total` bytes: [[first, last], …] in order, those
 * that overlap or touch joined (RFC 9110 section 14.2 allows it) and each clamped to the file;
 * "unsatisfiable" (416: none selects a byte of the file); or null (no header, a malformed one,
 * too many ranges: the whole file, as the RFC allows).
 */
export function byteRanges(header, total) {
  const m = /^\s*bytes\s*=(.*)$/i.exec(header || "");
  if (!m) return null;
  const specs = m[1].split(",").map((s) => s.trim()).filter(Boolean);
  if (!specs.length || specs.length > MAX_RANGES) return null;
  const inside = [];
  for (const spec of specs) {
    const r = /^(\d*)\s*-\s*(\d*)$/.exec(spec);
    if (!r || (r[1] === "" && r[2] === "")) return null;
    if (r[1] === "") {
      const n = Number(r[2]);
      if (n > 0 && total > 0) inside.push([Math.max(0, total - n), total - 1]);
      continue;
    }
    const first = Number(r[1]), last = r[2] === "" ? Infinity : Number(r[2]);
    if (last < first) return null;
    if (first < total) inside.push([first, Math.min(last, total - 1)]);
  }
  if (!inside.length) return "unsatisfiable";
  inside.sort((a, b) => a[0] - b[0]);
  const joined = [];
  for (const r of inside) {
    const prev = joined[joined.length - 1];
    if (prev && r[0] <= prev[1] + 1) prev[1] = Math.max(prev[1], r[1]);
    else joined.push([...r]);
  }
  return joined;
}

/**
 * The answer to a request for `body` (a Buffer of type `type`): { status, headers, out } where
 * `out` is the Buffer to send and `ranged` says whether it is bytes of the file as they are (a
 * part, or parts) rather than the whole file. `ranges`: "multi" (several ranges in one
 * multipart/byteranges answer, as nginx, Apache and Caddy send), "single" (one range per
 * request; several are answered with the whole file, as S3 does), or "none" (Range ignored).
 */
export function answer(req, body, type, ranges = "multi") {
  const headers = { "content-type": type, "accept-ranges": "bytes" };
  const whole = { status: 200, headers, out: body, ranged: false };
  // Range is defined for GET only; no validators are sent, so an If-Range never matches.
  if (ranges === "none" || req.method !== "GET" || req.headers["if-range"]) return whole;
  const asked = byteRanges(req.headers.range, body.length);
  if (asked === null) return whole;
  if (asked === "unsatisfiable") {
    return { status: 416, headers: { ...headers, "content-range": `bytes */${body.length}` }, out: Buffer.alloc(0), ranged: true };
  }
  if (asked.length === 1) {
    const [first, last] = asked[0];
    return {
      status: 206,
      headers: { ...headers, "content-range": `bytes ${first}-${last}/${body.length}` },
      out: body.subarray(first, last + 1),
      ranged: true,
    };
  }
  if (ranges === "single") return whole;
  const pieces = [];
  for (const [first, last] of asked) {
    pieces.push(Buffer.from(`--${BOUNDARY}\r\nContent-Type: ${type}\r\nContent-Range: bytes ${first}-${last}/${body.length}\r\n\r\n`));
    pieces.push(body.subarray(first, last + 1), Buffer.from("\r\n"));
  }
  pieces.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return {
    status: 206,
    headers: { ...headers, "content-type": `multipart/byteranges; boundary=${BOUNDARY}` },
    out: Buffer.concat(pieces),
    ranged: true,
  };
}
