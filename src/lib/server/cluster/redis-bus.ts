/**
 * The bus over Redis pub/sub: one channel per gathering, so a node only receives the
 * gatherings it holds. See bus.ts for what the messages promise and what they do not.
 */
import type { RedisClients } from './redis';
import { redisBuffer } from './redis';
import { decodeBusMessage, encodeBusMessage, type Bus, type BusListener, type BusMessage } from './bus';

export class RedisBus implements Bus {
	private listener: BusListener = () => {};
	private readonly reconnectListeners: (() => void)[] = [];
	private readonly onChannel = (message: Buffer) => {
		const decoded = decodeBusMessage(new Uint8Array(message.buffer, message.byteOffset, message.byteLength));
		if (decoded && decoded.node !== this.node) this.listener(decoded);
	};

	constructor(
		private readonly redis: RedisClients,
		private readonly prefix: string,
		private readonly node: string
	) {}

	channel(gatheringId: string): string {
		return `${this.prefix}board:${gatheringId}`;
	}

	/** Called by the owner of the connections when one came back after a loss. */
	reconnected(): void {
		for (const l of this.reconnectListeners) l();
	}

	async publish(message: BusMessage): Promise<void> {
		await this.redis.command.publish(this.channel(message.gatheringId), redisBuffer(encodeBusMessage(message)));
	}

	async subscribe(gatheringId: string): Promise<void> {
		await this.redis.subscriber.subscribe(this.channel(gatheringId), this.onChannel, true);
	}

	unsubscribe(gatheringId: string): void {
		this.redis.subscriber.unsubscribe(this.channel(gatheringId), this.onChannel, true).catch(() => {
			// Redis is away; the subscription lapses with the connection.
		});
	}

	onMessage(listener: BusListener): void {
		this.listener = listener;
	}

	onReconnect(listener: () => void): void {
		this.reconnectListeners.push(listener);
	}

	async ping(): Promise<void> {
		await this.redis.command.ping();
	}

	async close(): Promise<void> {}
}
