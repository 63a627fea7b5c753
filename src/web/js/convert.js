// The fast path of `src/web/convert.rs`, as a wasm-bindgen snippet. Reading a
// JS object property by property from wasm costs one boundary crossing and one
// UTF-8 copy per key and per value; for the small flat objects the exports
// take (`{ query, context }`, telemetry props) that was most of a call. Here
// the object is written out as one JSON string in JS instead, read once.
//
// Only the unsurprising shapes are handled: plain objects and arrays, at most
// FAST_DEPTH deep and FAST_KEYS keys/items each, holding strings of at most
// FAST_CHARS without lone surrogates, booleans, null/undefined and safe
// integers. Values are read the way the careful path reads them
// (`Object.keys`, then `[[Get]]`), so both paths give the same value for every
// input. Anything else (floats, NaN, getters that throw, class instances,
// functions, symbols, BigInts, cycles, big objects) answers `undefined` and
// Rust takes the careful path, which reads the object again (a getter with a
// side effect then runs twice). Never throws.

const FAST_DEPTH = 4;
const FAST_KEYS = 64;
const FAST_CHARS = 65536;
const OBJ = Object.prototype;

function write(v, depth, out) {
  switch (typeof v) {
    case "string":
      if (v.length > FAST_CHARS) return false;
      // JSON.stringify would write a lone surrogate as \udXXX, which the
      // careful path turns into U+FFFD instead.
      if (v.isWellFormed !== undefined ? !v.isWellFormed() : /[\ud800-\udfff]/.test(v)) return false;
      out.push(JSON.stringify(v));
      return true;
    case "boolean":
      out.push(v ? "true" : "false");
      return true;
    case "number":
      // Floats go the careful path: it keeps every bit of the f64.
      if (!Number.isSafeInteger(v)) return false;
      out.push(v === 0 ? "0" : String(v));
      return true;
    case "undefined":
      out.push("null");
      return true;
    case "object":
      break;
    default:
      return false;
  }
  if (v === null) {
    out.push("null");
    return true;
  }
  if (depth >= FAST_DEPTH) return false;
  if (Array.isArray(v)) {
    if (v.length > FAST_KEYS) return false;
    out.push("[");
    for (let i = 0; i < v.length; i++) {
      if (i > 0) out.push(",");
      if (!write(v[i], depth + 1, out)) return false;
    }
    out.push("]");
    return true;
  }
  const proto = Object.getPrototypeOf(v);
  if (proto !== OBJ && proto !== null) return false;
  const keys = Object.keys(v);
  if (keys.length > FAST_KEYS) return false;
  out.push("{");
  for (let i = 0; i < keys.length; i++) {
    if (i > 0) out.push(",");
    if (!write(keys[i], depth + 1, out)) return false;
    out.push(":");
    if (!write(v[keys[i]], depth + 1, out)) return false;
  }
  out.push("}");
  return true;
}

/**
 * `v` as one JSON string, or `undefined` when it is not a small plain value.
 * @param {unknown} v
 * @returns {string | undefined}
 */
export function plainJson(v) {
  try {
    const out = [];
    return write(v, 0, out) ? out.join("") : undefined;
  } catch (_) {
    // A getter or proxy trap threw: the careful path decides.
    return undefined;
  }
}
