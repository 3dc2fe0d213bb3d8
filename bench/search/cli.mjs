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

/** The queries of `--queries a,b`, else the strings of queries.json. */
export const queryStrings = () =>
  opt("--queries") ? opt("--queries").split(",") : JSON.parse(readFileSync(join(HERE, "queries.json"), "utf8")).queries.map((x) => x.q);
