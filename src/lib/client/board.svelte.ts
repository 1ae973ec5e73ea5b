/**
 * A browser's live view of one gathering's board: a Y.Doc kept in sync over the realtime
 * socket (the stock y-websocket provider), cached in IndexedDB so a phone that comes back
 * without a network still shows the board it last saw, and read into a plain `view` after
 * every change.
 *
 * Writing: a participant's connection is read-only, and the server closes it (4409) when the
 * doc sends anything. So the cache is loaded into the doc *before* the socket opens —
 * y-websocket forwards every doc update it did not receive itself, and a cache loaded later
 * would look like a write. If the server still says 4409, this device's cache holds something
 * the server does not (say, a board from before the server was restored): the cache is
 * thrown away and the board loaded fresh, once. Only the facilitator's screens write, and
 * only the notes (see NotesEditor).
 *
 * After an erasure the cache is rebuilt from the doc, whose erased names are already gone
 * (board-cache.ts): on opening, before the socket, when the cache itself shows it missed one;
 * and whenever the doc learns of a new one from the server.
 */
import * as Y from 'yjs';
import { CLOSE } from '$lib/protocol/close-codes';
import { PROTOCOL_PARAM, PROTOCOL_VERSION } from '$lib/protocol/version';
import { WebsocketProvider } from 'y-websocket';
import { reconnectWhenSilent } from './silence';
import { BoardCache } from './board-cache';
import type { BoardView } from '$lib/board/read';
import type { Topic } from '$lib/board/types';
import { NO_VOICES, type VoicesData } from '$lib/board/voices-read';
import { EMPTY_VIEW, NOBODY, NO_IDS, NO_MERGES, presentUsers, snapshotBoard, type PresentUser } from './snapshot';

/** `outdated`: the server speaks another protocol version; only reloading the page helps. */
export type ConnectionStatus = 'connecting' | 'online' | 'offline' | 'refused' | 'outdated';
export type { PresentUser };

/** How long a cache that does not answer may hold up the connection. */
export const CACHE_WAIT_MS = 1_500;

export type BoardOptions = {
	gatheringId: string;
	/** Whose dots are "mine" in the view. */
	viewerId?: string | null;
	/** Hidden topics are shown (marked) to the facilitator only. */
	includeHidden?: boolean;
	/** Keep a copy of the board in IndexedDB. */
	cache?: boolean;
	/** Which screen this is, in its presence state. */
	screen: 'phone' | 'console' | 'projector';
};

export const cacheName = (gatheringId: string) => `opentafel-board-${gatheringId}`;

export class BoardConnection {
	view = $state.raw<BoardView>(EMPTY_VIEW);
	/** Every topic id in the doc, whatever its status. */
	topicIds = $state.raw<ReadonlySet<string>>(NO_IDS);
	/** Topics merged into each topic, by target id. */
	merged = $state.raw<ReadonlyMap<string, Topic[]>>(NO_MERGES);
	/** Hands, turns and presence, as plain data. */
	voices = $state.raw<VoicesData>(NO_VOICES);
	nazitVersion = $state(0);
	status = $state<ConnectionStatus>('connecting');
	/** The board is known: from the server, or from this device's cache. */
	loaded = $state(false);
	/** The server's board has arrived over the current connection. */
	synced = $state(false);
	/** Who has the board open now, by user id (server-stamped presence). */
	present = $state.raw<ReadonlyMap<string, PresentUser>>(NOBODY);
	/** The doc is replaced when a stale cache is thrown away; read it from here each time. */
	doc = $state.raw(new Y.Doc());

	private provider: WebsocketProvider | null = null;
	private stopWatching: () => void = () => {};
	private cache: BoardCache | null = null;
	private failures = 0;
	private resetOnce = false;
	private destroyed = false;
	private refreshQueued = false;
	private onlineListeners: (() => void)[] = [];

	constructor(readonly options: BoardOptions) {}

	/** Calls `listener` each time the board is (re)synced with the server; returns an unsubscribe. */
	onOnline(listener: () => void): () => void {
		this.onlineListeners = [...this.onlineListeners, listener];
		return () => {
			this.onlineListeners = this.onlineListeners.filter((l) => l !== listener);
		};
	}

	start(): void {
		window.addEventListener('online', this.updateStatus);
		window.addEventListener('offline', this.updateStatus);
		void this.open();
	}

	destroy(): void {
		this.destroyed = true;
		window.removeEventListener('online', this.updateStatus);
		window.removeEventListener('offline', this.updateStatus);
		this.close();
	}

	private async open() {
		const doc = this.doc;
		doc.on('update', this.queueRefresh);
		if (this.options.cache && typeof indexedDB !== 'undefined') {
			const cache = new BoardCache(cacheName(this.options.gatheringId), doc, CACHE_WAIT_MS);
			this.cache = cache;
			await cache.open();
			if (this.destroyed || doc !== this.doc) return;
			if (snapshotBoard(doc, {}).hasContent) this.loaded = true;
		}
		const wsBase = `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/realtime`;
		const provider = new WebsocketProvider(wsBase, this.options.gatheringId, doc, {
			disableBc: true,
			params: { [PROTOCOL_PARAM]: String(PROTOCOL_VERSION) }
		});
		this.provider = provider;
		this.stopWatching = reconnectWhenSilent(provider);
		// Presence needs a state with a clock above 0: others ignore the provider's initial `{}`
		// (clock 0) until its first renewal, 15 s later. The server adds `user` from the session.
		provider.awareness.setLocalStateField('screen', this.options.screen);
		provider.on('sync', (isSynced: boolean) => {
			if (provider !== this.provider) return;
			this.synced = isSynced;
			if (isSynced) {
				this.failures = 0;
				this.loaded = true;
				this.queueRefresh();
				for (const listener of this.onlineListeners) listener();
			}
			this.updateStatus();
		});
		provider.on('status', () => this.updateStatus());
		provider.on('connection-close', () => {
			if (provider !== this.provider) return;
			this.failures++;
			this.synced = false;
			this.updateStatus();
		});
		provider.on('connection-error', () => {
			if (provider !== this.provider) return;
			this.failures++;
			this.updateStatus();
		});
		// y-websocket stops on every 44xx close; two of them mean "connect again".
		provider.on('closed', ({ code }: { code: number }) => {
			if (provider !== this.provider) return;
			if (code === CLOSE.rightsChanged.code) {
				// Reconnecting gets the new rights, or a refusal if there are none left.
				provider.connect();
				return;
			}
			if (code === CLOSE.readOnly.code && !this.resetOnce) {
				this.resetOnce = true;
				void this.startAfresh();
				return;
			}
			this.status = code === CLOSE.protocolMismatch.code ? 'outdated' : 'refused';
		});
		provider.awareness.on('change', this.readPresence);
		this.updateStatus();
	}

	/** Drops this device's copy of the board and loads the server's again. */
	private async startAfresh() {
		const cache = this.cache;
		this.close();
		if (cache) await cache.clear();
		if (this.destroyed) return;
		this.doc = new Y.Doc();
		this.loaded = false;
		this.synced = false;
		void this.open();
	}

	private close() {
		this.stopWatching();
		this.provider?.awareness.off('change', this.readPresence);
		this.provider?.destroy();
		this.provider = null;
		void this.cache?.close();
		this.cache = null;
		this.doc.off('update', this.queueRefresh);
	}

	private updateStatus = () => {
		if (this.status === 'refused' || this.status === 'outdated') return;
		const online = typeof navigator === 'undefined' || navigator.onLine;
		if (this.synced && online) this.status = 'online';
		else if (this.failures === 0 && online) this.status = 'connecting';
		else this.status = 'offline';
	};

	private readPresence = () => {
		this.present = this.provider ? presentUsers(this.provider.awareness.getStates().values()) : NOBODY;
	};

	/** Many updates arrive at once on a sync; the view is read once for all of them. */
	private queueRefresh = () => {
		if (this.refreshQueued) return;
		this.refreshQueued = true;
		queueMicrotask(() => {
			this.refreshQueued = false;
			this.refresh();
		});
	};

	private refresh() {
		const snapshot = snapshotBoard(this.doc, this.options);
		this.view = snapshot.view;
		this.topicIds = snapshot.topicIds;
		this.merged = snapshot.merged;
		this.voices = snapshot.voices;
		this.nazitVersion = snapshot.nazitVersion;
		if (snapshot.hasContent) this.loaded = true;
		this.cache?.check();
	}
}
