// The command line of the search benchmark's scripts: `--name value` options, `--flag`s, and the
// query set (`--queries a,b`, else every query of queries.json).
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));

export const args = process.argv.slice(2);

/** The value after `--name`, else `dflt`. */
export const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};

/** Whether `--name` is given. */
export const flag = (name) => args.includes(name);

/** The kinds of static host the server plays (byte-range.mjs): `multi`, `single`, `none`. */
export const HOST_KINDS = ["multi", "single", "none"];

/** The kind of host given by `--name`, else `dflt`; any other value stops the script. */
export const hostKind = (name, dflt) => hostKinds(name, dflt)[0];

/** The kinds of host listed by `--name` (`none,single`), else `dflt`'s. */
export const hostKinds = (name, dflt) => {
  const kinds = String(opt(name, dflt)).split(",");
  for (const k of kinds) if (!HOST_KINDS.includes(k)) throw new Error(`${name} takes ${HOST_KINDS.join(", ")}, not ${k}`);
  return kinds;
};

/** The queries of `--queries a,b`, else the strings of queries.json. */
export const queryStrings = () =>
  opt("--queries") ? opt("--queries").split(",") : JSON.parse(readFileSync(join(HERE, "queries.json"), "utf8")).queries.map((x) => x.q);
