/**
 * Nearest-rank percentile: the smallest value with at least `p` percent of the values at or
 * below it, so it is always one of the measured values. NaN for no values.
 * @param {number[]} values
 * @param {number} p 0–100
 * @returns {number}
 */
export function percentile(values, p) {
	if (!values.length) return NaN;
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
