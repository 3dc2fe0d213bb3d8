/* talkarchive: a gzip unpacker for browsers without DecompressionStream (Safari before 16.4,
 * Firefox before 113, Chrome before 80). The build gzips the search index's x/ fragments, which
 * hosts that ignore byte ranges serve; search.js loads this file only where the browser cannot
 * unpack them itself, so no other reader pays for it.
 * API: window.talkarchiveGunzip(Uint8Array) → Uint8Array; throws on anything that is not one
 * whole, intact gzip member (RFC 1952 around RFC 1951's DEFLATE). */
(function () {
  "use strict";
  // RFC 1951 section 3.2.5: the base and extra bits of each length and distance code.
  var LENGTH_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
  var LENGTH_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
  var DISTANCE_BASE = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];
  var DISTANCE_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
  // The order in which a dynamic block gives its code-length code's lengths (section 3.2.7).
  var CODE_LENGTH_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];
  var MAX_BITS = 15;

  function fail(what) { throw new Error("gzip: " + what); }

  /* A canonical Huffman code from its symbols' code lengths: how many codes each length has, and
   * the symbols ordered by code. Decoding walks the lengths, which is enough for fragments of a
   * few KiB (no lookup tables to build). */
  function huffman(lengths, from, n) {
    var counts = new Uint16Array(MAX_BITS + 1), offsets = new Uint16Array(MAX_BITS + 2), symbols = new Uint16Array(n);
    for (var s = 0; s < n; s++) counts[lengths[from + s]]++;
    for (var len = 1; len <= MAX_BITS; len++) offsets[len + 1] = offsets[len] + counts[len];
    for (s = 0; s < n; s++) if (lengths[from + s]) symbols[offsets[lengths[from + s]]++] = s;
    return { counts: counts, symbols: symbols };
  }

  var FIXED_LITERALS, FIXED_DISTANCES;
  (function () {
    var l = new Uint8Array(288);
    for (var i = 0; i < 288; i++) l[i] = i < 144 ? 8 : i < 256 ? 9 : i < 280 ? 7 : 8;
    FIXED_LITERALS = huffman(l, 0, 288);
    var d = new Uint8Array(30);
    d.fill(5);
    FIXED_DISTANCES = huffman(d, 0, 30);
  })();

  function inflate(src, start, size) {
    var out = new Uint8Array(size), at = 0, pos = start, bits = 0, held = 0;
    function need(n) {
      while (held < n) {
        if (pos >= src.length) fail("the data ends early");
        bits |= src[pos++] << held;
        held += 8;
      }
    }
    function take(n) {
      need(n);
      var v = bits & ((1 << n) - 1);
      bits >>>= n;
      held -= n;
      return v;
    }
    function decode(code) {
      // Codes are sent most significant bit first, one bit at a time (section 3.1.1).
      var value = 0, first = 0, index = 0;
      for (var len = 1; len <= MAX_BITS; len++) {
        value |= take(1);
        var count = code.counts[len];
        if (value - first < count) return code.symbols[index + value - first];
        index += count;
        first = (first + count) << 1;
        value <<= 1;
      }
      fail("a code that no table has");
    }
    function put(byte) {
      if (at >= size) fail("more data than its trailer says");
      out[at++] = byte;
    }
    function codes(literals, distances) {
      for (;;) {
        var sym = decode(literals);
        if (sym < 256) { put(sym); continue; }
        if (sym === 256) return;
        sym -= 257;
        if (sym >= 29) fail("a length code out of range");
        var length = LENGTH_BASE[sym] + take(LENGTH_EXTRA[sym]);
        var dsym = decode(distances);
        if (dsym >= 30) fail("a distance code out of range");
        var distance = DISTANCE_BASE[dsym] + take(DISTANCE_EXTRA[dsym]);
        if (distance > at) fail("a distance before the start");
        if (at + length > size) fail("more data than its trailer says");
        // Byte by byte: a copy may overlap what it writes (distance < length).
        for (var i = 0; i < length; i++, at++) out[at] = out[at - distance];
      }
    }
    function dynamic() {
      var nlit = take(5) + 257, ndist = take(5) + 1, ncode = take(4) + 4;
      if (nlit > 286 || ndist > 30) fail("too many codes");
      var lengths = new Uint8Array(320);
      for (var i = 0; i < ncode; i++) lengths[CODE_LENGTH_ORDER[i]] = take(3);
      var lengthCode = huffman(lengths, 0, 19);
      lengths.fill(0);
      for (i = 0; i < nlit + ndist;) {
        var sym = decode(lengthCode);
        if (sym < 16) { lengths[i++] = sym; continue; }
        var repeat, value = 0;
        if (sym === 16) {
          if (i === 0) fail("a repeat with nothing before it");
          value = lengths[i - 1];
          repeat = 3 + take(2);
        } else repeat = sym === 17 ? 3 + take(3) : 11 + take(7);
        if (i + repeat > nlit + ndist) fail("code lengths past the end");
        while (repeat--) lengths[i++] = value;
      }
      if (!lengths[256]) fail("no end-of-block code");
      codes(huffman(lengths, 0, nlit), huffman(lengths, nlit, ndist));
    }
    var last;
    do {
      last = take(1);
      var type = take(2);
      if (type === 0) {
        // A stored block starts at a byte boundary: the bits held are dropped.
        bits = 0;
        held = 0;
        if (pos + 4 > src.length) fail("the data ends early");
        var len = src[pos] | (src[pos + 1] << 8), nlen = src[pos + 2] | (src[pos + 3] << 8);
        if ((len ^ 0xffff) !== nlen) fail("a stored block's length is damaged");
        pos += 4;
        if (pos + len > src.length) fail("the data ends early");
        if (at + len > size) fail("more data than its trailer says");
        out.set(src.subarray(pos, pos + len), at);
        at += len;
        pos += len;
      } else if (type === 1) codes(FIXED_LITERALS, FIXED_DISTANCES);
      else if (type === 2) dynamic();
      else fail("a block of an unknown type");
    } while (!last);
    if (at !== size) fail("less data than its trailer says");
    // The trailer follows the last block's last whole byte.
    return { out: out, end: pos - (held >> 3) };
  }

  var CRC_TABLE = (function () {
    var t = new Int32Array(256);
    for (var n = 0; n < 256; n++) {
      var c = n;
      for (var k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      t[n] = c;
    }
    return t;
  })();
  function crc32(bytes) {
    var c = -1;
    for (var i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
    return (c ^ -1) >>> 0;
  }
  function u32(b, i) { return (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24)) >>> 0; }

  window.talkarchiveGunzip = function (src) {
    if (src.length < 18 || src[0] !== 0x1f || src[1] !== 0x8b) fail("not gzip data");
    if (src[2] !== 8) fail("not DEFLATE-compressed");
    // The header (section 2.3): its optional fields, by the flags.
    var flags = src[3], pos = 10;
    if (flags & 4) pos += 2 + (src[pos] | (src[pos + 1] << 8));
    if (flags & 8) while (pos < src.length && src[pos++]) {}
    if (flags & 16) while (pos < src.length && src[pos++]) {}
    if (flags & 2) pos += 2;
    if (pos + 8 > src.length) fail("the data ends early");
    // The size modulo 2^32 is the last four bytes; fragments are a few KiB.
    var got = inflate(src, pos, u32(src, src.length - 4));
    if (got.end + 8 !== src.length) fail("bytes after the end");
    if (crc32(got.out) !== u32(src, got.end)) fail("the check sum does not match: the data is damaged");
    return got.out;
  };
})();
