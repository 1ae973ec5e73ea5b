/**
 * The README shows the deployment files as they are: the nginx configurations the cluster
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

	it('quotes deploy/nginx-https.conf in full, with the variables its header names', () => {
		expect(readme).toContain('```nginx\n' + readFileSync('deploy/nginx-https.conf', 'utf8').trimEnd() + '\n```');
		for (const name of ['HOST', 'ORIGIN', 'ADDRESS_HEADER', 'XFF_DEPTH']) {
			expect(readFileSync('deploy/nginx-https.conf', 'utf8')).toContain(`${name}=`);
			expect(readFileSync('.env.example', 'utf8')).toContain(`${name}=`);
		}
	});

	it('names the systemd unit and every cluster variable', () => {
		expect(readme).toContain('deploy/opentafel@.service');
		for (const name of ['REDIS_URL', 'REDIS_PREFIX', 'NODE_ID', 'METRICS_TOKEN', 'LOG_FORMAT']) {
			expect(readme).toContain(`\`${name}\``);
			expect(readFileSync('.env.example', 'utf8')).toContain(`${name}=`);
		}
	});
});
