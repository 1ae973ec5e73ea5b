// `npm start`: build when needed, then serve (migrations run as the server starts).
import { buildIfStale } from './build-state.js';

buildIfStale();
await import('../server.js');
