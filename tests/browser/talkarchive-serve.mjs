// `talkarchive serve --no-build` as the server of the browser tests (harness.mjs) and of the
// search bench (bench/search/hosts.mjs), so that both see what a reader of a site on each kind of
// host sees (`--ranges multi|single|none`, docs/serve.md). No dependencies, so that both packages
// can import it.
import { spawn } from "node:child_process";
import { createServer } from "node:net";

/** A port nobody listens on now (a site is built for its address before it is served). */
export async function freePort() {
  const s = createServer();
  await new Promise((ok, fail) => s.once("error", fail).listen(0, "127.0.0.1", ok));
  const { port } = s.address();
  await new Promise((ok) => s.close(ok));
  return port;
}

/**
 * Starts `bin serve --no-build` of the built folder `site` (built from `root` for `baseUrl`,
 * whose path it is served under) on `port`, answering ranges as `ranges` says. Resolves once it
 * listens (it says "serving … at …" then) with a function that stops it, or with null if it
 * could not listen on `port` (another program took it meanwhile); throws if it failed otherwise.
 */
export async function startServe({ bin, root, site, baseUrl, port, ranges = "multi" }) {
  const args = ["serve", "--no-build", "--root", root, "--output", site, "--port", String(port), "--base-url", baseUrl, "--ranges", ranges];
  const child = spawn(bin, args, { stdio: ["ignore", "ignore", "pipe"] });
  // A process that ends without stopping the server must not leave it running.
  const kill = () => child.kill();
  process.once("exit", kill);
  let said = "";
  const listening = await new Promise((ok) => {
    child.stderr.on("data", (d) => {
      said += d;
      if (said.includes("serving ")) ok(true);
    });
    child.once("exit", () => ok(false));
  });
  if (!listening) {
    process.removeListener("exit", kill);
    if (said.includes("cannot listen")) return null;
    throw new Error(`talkarchive serve failed: ${said}`);
  }
  const exited = new Promise((ok) => child.once("exit", ok));
  return async () => {
    process.removeListener("exit", kill);
    child.kill();
    await exited;
  };
}
