// `npm run test:postgres`: the storage suite against a PostgreSQL server. Each test file
// creates its own randomly named database there and drops it afterwards.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { root } from './build-state.js';

const DEFAULT_URL = 'postgres://postgres@127.0.0.1:5432/test';
const url = process.env.TEST_DATABASE_URL || DEFAULT_URL;
console.log(`Storage suite on PostgreSQL: ${url.replace(/\/\/[^@/]*@/, '//…@')}`);
const vitest = path.join(root, 'node_modules', 'vitest', 'vitest.mjs');
const result = spawnSync(process.execPath, [vitest, 'run', '--project', 'integration', 'tests/storage'], {
	cwd: root,
	stdio: 'inherit',
	env: { ...process.env, TEST_DATABASE_URL: url }
});
process.exit(result.status ?? 1);
