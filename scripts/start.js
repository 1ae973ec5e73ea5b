// `npm start`: read .env when there is one, build when needed, then serve (migrations run
// as the server starts).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { buildIfStale, root } from './build-state.js';

const envFile = path.join(root, '.env');
if (existsSync(envFile)) process.loadEnvFile(envFile);
buildIfStale();
await import('../server.js');
