/**
 * The README shows the deployment files as they are: the nginx configuration the cluster
 * tests run and the systemd unit are quoted there verbatim, so the documentation cannot
 * drift from what is tested.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const readme = readFileSync('README.md', 'utf8');

describe('deployment documentation', () => {
	it('quotes deploy/nginx.conf in full', () => {
		expect(readme).toContain('```nginx\n' + readFileSync('deploy/nginx.conf', 'utf8').trimEnd() + '\n```');
	});

	it('names the systemd unit and every cluster variable', () => {
		expect(readme).toContain('deploy/opentafel@.service');
		for (const name of ['REDIS_URL', 'REDIS_PREFIX', 'NODE_ID', 'METRICS_TOKEN', 'LOG_FORMAT']) {
			expect(readme).toContain(`\`${name}\``);
			expect(readFileSync('.env.example', 'utf8')).toContain(`${name}=`);
		}
	});
});
