// The Electron-ABI copy of better-sqlite3. node_modules/better-sqlite3 stays built for Node
// (tests, CLI); Electron loads .native/electron-v<abi>/better_sqlite3.node through
// better-sqlite3's `nativeBinding` option (electron/main/native-binding.ts has the path rule).
// The package is copied to a temp dir (without its Node build/) and built there for Electron:
// a prebuilt binary via prebuild-install, else from source via node-gyp and Electron's headers.
import { spawn } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { electronNativeBindingPath } from '../../electron/main/native-binding';

export const ELECTRON_HEADERS_URL = 'https://electronjs.org/headers';

/** What the binary was built for; a mismatch with the installed packages means rebuild. */
export interface NativeStamp {
  betterSqlite3: string;
  electron: string;
  abi: string;
  platform: string;
  arch: string;
}

export type NativePlan =
  | { kind: 'skip'; reason: string }
  | { kind: 'up-to-date'; target: string }
  | { kind: 'build'; target: string; stamp: NativeStamp };

/** Exit code of `node <script> ...args` run in cwd. */
export type RunScript = (script: string, args: readonly string[], cwd: string, env: Record<string, string>) => Promise<number>;

/**
 * npm exports its config to scripts as npm_config_*; a distro npmrc often sets nodedir=/usr,
 * and node-gyp then compiles against the system Node's headers whatever --target says
 * (seen here: a "successful" Electron build that was ABI 115). The build gets none of these.
 */
const OVERRIDING_NPM_CONFIG = /^npm_config_(nodedir|target|target_arch|arch|runtime|disturl|dist_url|build_from_source)$/i;

function buildEnv(env: NativeOptions['env']): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined && !OVERRIDING_NPM_CONFIG.test(entry[0])),
  );
}

/** ABIs a native module registers for (`node_register_module_v<abi>` is exported on every platform). */
export function registeredAbis(binary: Buffer): string[] {
  return [...binary.toString('latin1').matchAll(/node_register_module_v(\d+)/g)].map((m) => m[1] ?? '');
}

export interface NativeOptions {
  root: string;
  env: Readonly<Record<string, string | undefined>>;
  platform: string;
  arch: string;
  log(line: string): void;
  run?: RunScript;
  /** Where the scratch copy goes (tests pass their own to check it is cleaned up). */
  tmpRoot?: string;
}

const stampPath = (target: string) => join(dirname(target), 'better_sqlite3.json');

function readVersion(packageJson: string): string {
  const version: unknown = (JSON.parse(readFileSync(packageJson, 'utf8')) as { version?: unknown }).version;
  if (typeof version !== 'string' || version === '') throw new Error(`${packageJson} has no version`);
  return version;
}

export function planElectronNative(opts: Pick<NativeOptions, 'root' | 'env' | 'platform' | 'arch'>): NativePlan {
  const electronDir = join(opts.root, 'node_modules', 'electron');
  if (opts.env.ELECTRON_SKIP_BINARY_DOWNLOAD) return { kind: 'skip', reason: 'ELECTRON_SKIP_BINARY_DOWNLOAD is set' };
  if (!existsSync(join(electronDir, 'path.txt'))) return { kind: 'skip', reason: 'the Electron binary is not installed (node_modules/electron/path.txt missing)' };
  const abi = readFileSync(join(electronDir, 'abi_version'), 'utf8').trim();
  const stamp: NativeStamp = {
    betterSqlite3: readVersion(join(opts.root, 'node_modules', 'better-sqlite3', 'package.json')),
    electron: readVersion(join(electronDir, 'package.json')),
    abi,
    platform: opts.platform,
    arch: opts.arch,
  };
  const target = electronNativeBindingPath(opts.root, abi);
  if (existsSync(target) && existsSync(stampPath(target))) {
    const built = readFileSync(stampPath(target), 'utf8');
    if (built === JSON.stringify(stamp)) return { kind: 'up-to-date', target };
  }
  return { kind: 'build', target, stamp };
}

export const runNodeScript: RunScript = (script, args, cwd, env) =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { cwd, env, stdio: 'inherit' });
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });

async function buildInScratch(opts: NativeOptions, plan: Extract<NativePlan, { kind: 'build' }>): Promise<void> {
  const run = opts.run ?? runNodeScript;
  const modules = join(opts.root, 'node_modules');
  // Resolved: with a linked package (workspaces, pnpm) a copy of the link would build in place.
  const source = realpathSync(join(modules, 'better-sqlite3'));
  const scratchRoot = mkdtempSync(join(opts.tmpRoot ?? tmpdir(), 'heirloom-sqlite-'));
  try {
    const work = join(scratchRoot, 'better-sqlite3');
    // Without build/: that is the Node build, and prebuild-install/node-gyp must not see it.
    cpSync(source, work, { recursive: true, dereference: true, filter: (path) => relative(source, path).split(sep)[0] !== 'build' });
    const { electron, arch, abi } = plan.stamp;
    const env = buildEnv(opts.env);
    const prebuilt = await run(join(modules, 'prebuild-install', 'bin.js'), ['--runtime', 'electron', '--target', electron, '--arch', arch], work, env);
    if (prebuilt !== 0) {
      opts.log(`no prebuilt better-sqlite3 for Electron ${electron} (${plan.stamp.platform}-${arch}); compiling it with node-gyp`);
      const compiled = await run(
        join(modules, 'node-gyp', 'bin', 'node-gyp.js'),
        ['rebuild', '--release', `--target=${electron}`, `--arch=${arch}`, `--dist-url=${ELECTRON_HEADERS_URL}`],
        work,
        env,
      );
      if (compiled !== 0) {
        throw new Error(`prebuild-install exited ${prebuilt} and node-gyp exited ${compiled} (see their output above; node-gyp needs ${ELECTRON_HEADERS_URL}, Python and a C++ toolchain)`);
      }
    }
    const built = join(work, 'build', 'Release', 'better_sqlite3.node');
    if (!existsSync(built)) throw new Error(`the build reported success but ${built} does not exist`);
    const abis = registeredAbis(readFileSync(built));
    if (!abis.includes(abi)) throw new Error(`the build is for ABI ${abis.join(', ') || 'unknown'}, not Electron's ${abi}`);
    mkdirSync(dirname(plan.target), { recursive: true });
    copyFileSync(built, `${plan.target}.tmp`);
    renameSync(`${plan.target}.tmp`, plan.target);
    writeFileSync(stampPath(plan.target), JSON.stringify(plan.stamp));
  } finally {
    rmSync(scratchRoot, { recursive: true, force: true });
  }
}

/** Builds when needed; returns what it did. Throws when a needed build fails. */
export async function ensureElectronNative(opts: NativeOptions): Promise<NativePlan> {
  const plan = planElectronNative(opts);
  switch (plan.kind) {
    case 'skip':
      opts.log(`Electron build of better-sqlite3 skipped: ${plan.reason}`);
      return plan;
    case 'up-to-date':
      opts.log(`Electron build of better-sqlite3 is up to date: ${relative(opts.root, plan.target)}`);
      return plan;
    case 'build':
      opts.log(`building better-sqlite3 ${plan.stamp.betterSqlite3} for Electron ${plan.stamp.electron} (ABI ${plan.stamp.abi}, ${plan.stamp.platform}-${plan.stamp.arch})`);
      await buildInScratch(opts, plan);
      opts.log(`wrote ${relative(opts.root, plan.target)}`);
      return plan;
    default: {
      const never: never = plan;
      throw new Error(`unknown plan ${JSON.stringify(never)}`);
    }
  }
}

export const projectRoot = join(import.meta.dirname, '..', '..');
