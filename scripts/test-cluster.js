// `npm run test:cluster`: the cluster suite (tests/cluster) — three nodes behind nginx on the
// machine's PostgreSQL and a private redis-server per file. Checks the tools first and says
// what is missing instead of failing obscurely.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { root } from './build-state.js';

const missing = ['nginx', 'redis-server'].filter((tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0);
if (missing.length) {
	console.error(`test:cluster needs ${missing.join(' and ')} (Debian: apt-get install -y ${missing.map((m) => (m === 'redis-server' ? 'redis-server' : m)).join(' ')})`);
	process.exit(1);
}
const build = spawnSync(process.execPath, [path.join(root, 'scripts', 'ensure-build.js')], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const vitest = path.join(root, 'node_modules', 'vitest', 'vitest.mjs');
const args = [vitest, 'run', '--config', 'tests/cluster/vitest.config.ts', ...process.argv.slice(2)];
const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit', env: process.env });
process.exit(result.status ?? 1);
