// A fresh demo shop for the scripts that drive the pages (the browser tests, the
// Lighthouse benchmark): the `cho` binary on a free port against a new SQLite database,
// ready when its /readyz answers, gone (with its data) when the script exits.

import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

function freePort() {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

/** Starts `binary serve --demo` with `settings` (extra CHO_* variables) added to its environment. */
export async function startShop(binary, settings = {}) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(join(tmpdir(), "cho-pages-"));
  const env = {
    ...process.env,
    CHO_LISTEN: `127.0.0.1:${port}`,
    CHO_PUBLIC_URL: base,
    CHO_DATA_DIR: dataDir,
    CHO_LOG: "warn",
    ...settings,
  };
  const shop = spawn(binary, ["serve", "--demo"], { env, stdio: ["ignore", "ignore", "inherit"] });
  const stop = () => {
    shop.kill("SIGTERM");
    rmSync(dataDir, { recursive: true, force: true });
  };
  // Whatever fails later, the shop does not outlive the script.
  process.on("exit", stop);
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${base}/readyz`)).ok) break;
    } catch {}
    if (shop.exitCode !== null) throw new Error(`cho exited with ${shop.exitCode}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    base,
    stop,
    /** Makes an admin account the way an operator does (`cho admin create`). */
    createAdmin(email, password) {
      const created = spawnSync(binary, ["admin", "create", "--email", email, "--password", password], {
        env,
        stdio: ["ignore", "ignore", "inherit"],
      });
      if (created.status !== 0) throw new Error(`cho admin create exited with ${created.status}`);
      return { email, password };
    },
  };
}
