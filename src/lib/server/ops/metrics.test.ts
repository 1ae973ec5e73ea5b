import { describe, expect, it } from 'vitest';
import { Metrics } from './metrics';

describe('metrics', () => {
	it('renders counters, gauges and cumulative histogram buckets in Prometheus text format', () => {
		const metrics = new Metrics();
		let open = 3;
		metrics.gauge('opentafel_connections', 'Open connections.', () => open);
		metrics.commands.inc({ outcome: 'ok' });
		metrics.commands.inc({ outcome: 'ok' });
		metrics.commandSeconds.observe(0.003);
		metrics.commandSeconds.observe(0.2);
		open = 4;
		const text = metrics.render();
		expect(text).toContain('# TYPE opentafel_connections gauge\nopentafel_connections 4');
		expect(text).toContain('opentafel_commands_total{outcome="ok"} 2');
		expect(text).toContain('opentafel_command_duration_seconds_bucket{le="0.0025"} 0');
		expect(text).toContain('opentafel_command_duration_seconds_bucket{le="0.005"} 1');
		expect(text).toContain('opentafel_command_duration_seconds_bucket{le="0.25"} 2');
		expect(text).toContain('opentafel_command_duration_seconds_bucket{le="+Inf"} 2');
		expect(text).toContain('opentafel_command_duration_seconds_count 2');
		expect(text).toContain('# TYPE opentafel_resyncs_total counter\nopentafel_resyncs_total 0');
	});
});
