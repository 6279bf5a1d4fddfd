/**
 * The installed CLI runs on plain Node with the package's production dependencies: every module the built
 * dist-cli/cli.mjs imports is a Node built-in or listed in `dependencies` (tsx, Turf's test-only packages and
 * other devDependencies are not needed at run time). The bundle is built by tests/helpers/build-cli.ts.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  scripts: Record<string, string>;
};

/** The package name of a bare import specifier ("@turf/kinks/dist/x" → "@turf/kinks"). */
const packageOf = (spec: string) =>
  spec
    .split('/')
    .slice(0, spec.startsWith('@') ? 2 : 1)
    .join('/');

describe('the CLI bundle', () => {
  it('imports only Node built-ins and production dependencies', () => {
    // cli.mjs and the chunks it loads on demand (the commands other than check and point).
    const dir = new URL('dist-cli/', root);
    const code = (readdirSync(dir, { recursive: true }) as string[])
      .filter((f) => f.endsWith('.mjs') || f.endsWith('.js'))
      .map((f) => readFileSync(new URL(f, dir), 'utf8'))
      .join('\n');
    const specs = [...code.matchAll(/(?:^|\n)\s*import\s[^'"]*?from\s+"([^"]+)"|import\("([^"]+)"\)/g)].map(
      (m) => (m[1] ?? m[2]) as string,
    );
    expect(specs.length).toBeGreaterThan(3);
    // The chunks were read too: the tracer's readers are among the imports.
    expect(specs).toContain('shapefile');
    const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
    const outside = specs.filter((s) => !s.startsWith('.') && !builtins.has(s) && !(packageOf(s) in pkg.dependencies));
    expect(outside).toEqual([]);
    expect('tsx' in pkg.dependencies).toBe(false);
    for (const name of Object.keys(pkg.dependencies)) expect(name in pkg.devDependencies).toBe(false);
  });

  it('runs from the bundle with plain node and answers a point', () => {
    const run = spawnSync(process.execPath, [new URL('dist-cli/cli.mjs', root).pathname, 'point', '113.30, 40.09'], {
      encoding: 'utf8',
      cwd: '/',
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^区内 inside/);
  });

  it('npm start serves on the README port or fails, never on another one', () => {
    expect(pkg.scripts.start).toMatch(/--port 4173 --strictPort/);
  });
});
