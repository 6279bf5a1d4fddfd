/**
 * `npm run server` as people start it: a real process (tsx server/src/main.ts) on PGlite in a data folder.
 * It prints where it listens and the first admin's code; the code enrols the bureau's phone; after a restart
 * the data is still there, no new code is printed (an admin exists), and SIGTERM stops it cleanly.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makePhone } from './helpers/test-phone.ts';

const root = new URL('../../', import.meta.url).pathname;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const port = (probe.address() as { port: number }).port;
      probe.close(() => resolve(port));
    });
  });
}

/** Starts the command; resolves with its output once it says it listens. */
function start(port: number, dataDir: string): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(join(root, 'node_modules/.bin/tsx'), ['server/src/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      COALZONE_SERVER_DATA: dataDir,
      DATABASE_URL: '',
      COALZONE_ADMIN_CODE: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no listening line in 90 s: ${out}`)), 90_000);
    let ready = false;
    const take = (chunk: Buffer) => {
      out += chunk.toString();
      if (!ready && out.includes('OpenAPI: ')) {
        ready = true;
        // The admin code lines are printed right after: give them a moment to arrive.
        setTimeout(() => {
          clearTimeout(timer);
          resolve({ child, output: () => out });
        }, 200);
      }
    };
    child.stdout?.on('data', take);
    child.stderr?.on('data', take);
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.on('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

describe('npm run server', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'coalzone-server-command-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('starts on PGlite, prints the first admin code once, keeps its data over a restart', async () => {
    const port = await freePort();
    const first = await start(port, dataDir);
    const text = first.output();
    expect(text).toContain(`listening on http://127.0.0.1:${port} (PGlite in ${dataDir})`);
    const code = /first admin enrolment code: ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})/.exec(text)?.[1];
    expect(code).toBeDefined();
    const health = await (await fetch(`http://127.0.0.1:${port}/health`)).json();
    expect(health).toEqual({ ok: true, database: 'pglite', postgis: false });
    const admin = await makePhone(`http://127.0.0.1:${port}`, 'ecology');
    expect((await admin.enrol(code as string)).status).toBe(200);
    expect(await stop(first.child)).toBe(0);

    const second = await start(port, dataDir);
    expect(second.output()).not.toContain('first admin enrolment code');
    const me = await admin.request<{ isAdmin: boolean }>('GET', '/me');
    expect(me.status).toBe(200);
    expect(me.body.isAdmin).toBe(true);
    expect(await stop(second.child)).toBe(0);
  }, 240_000);
});
