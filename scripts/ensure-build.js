// Integration and e2e tests run the production build: make sure it matches the sources.
import { buildIfStale } from './build-state.js';

buildIfStale();
