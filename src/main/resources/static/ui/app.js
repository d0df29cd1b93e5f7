// Shared Context dashboard: plain JavaScript, no build step, no dependencies.
//
// Security rules this file keeps:
// - Data from the server is only ever put in the page with textContent / createTextNode / setAttribute on
//   harmless attributes. Never innerHTML, never a URL built from data except through encodeURIComponent.
// - The token lives in this tab's sessionStorage only; it is sent in the Authorization header, never in a URL.
// - The API key (for minting a read token) is used once and not stored.
'use strict';

(() => {
	const TOKEN_KEY = 'shared-context.token';
	const API = '/api/v1';
	const TIERS = ['public', 'private', 'agent_only', 'admin_only'];

	const main = document.getElementById('main');
	const nav = document.getElementById('nav');
	const who = document.getElementById('who');
	const whoName = document.getElementById('who-name');
	const toastBox = document.getElementById('toast');

	let me = null; // {agent_id, agent_type, permissions, token_id}
	let cleanup = []; // run when leaving a page (closes live streams)

	// ---------------------------------------------------------------- DOM helpers

	/** Creates an element. attrs: class, text, on* handlers, dataset via data-*, everything else setAttribute. */
	function el(tag, attrs, ...children) {
		const node = document.createElement(tag);
		for (const [name, value] of Object.entries(attrs || {})) {
			if (value === undefined || value === null || value === false) continue;
			if (name === 'class') node.className = value;
			else if (name === 'text') node.textContent = String(value);
			else if (name.startsWith('on') && typeof value === 'function') node.addEventListener(name.slice(2), value);
			else if (value === true) node.setAttribute(name, '');
			else node.setAttribute(name, String(value));
		}
		append(node, children);
		return node;
	}

	function append(node, children) {
		for (const child of children.flat()) {
			if (child === undefined || child === null || child === false) continue;
			node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
		}
		return node;
	}

	function clear(node) {
		while (node.firstChild) node.removeChild(node.firstChild);
		return node;
	}

	function time(iso) {
		if (!iso) return el('span', { class: 'muted', text: '—' });
		const date = new Date(iso);
		return el('time', { datetime: iso, title: iso, text: isNaN(date) ? iso : date.toLocaleString() });
	}

	function badge(visibility) {
		const tier = TIERS.includes(visibility) ? visibility : 'public';
		return el('span', { class: 'badge ' + tier, text: String(visibility).replace('_', ' '), 'data-visibility': visibility });
	}

	function json(value) {
		try {
			return JSON.stringify(value, null, 2);
		}
		catch (e) {
			return String(value);
		}
	}

	function toast(message) {
		toastBox.textContent = message;
		toastBox.classList.add('shown');
		clearTimeout(toast.timer);
		toast.timer = setTimeout(() => toastBox.classList.remove('shown'), 3500);
	}

	function problemText(response) {
		const body = response.json;
		if (body && (body.detail || body.title)) {
			return (body.detail || body.title) + (body.code ? ' (' + body.code + ')' : '');
		}
		return 'The server answered ' + response.status;
	}

	function errorBox(text) {
		return el('p', { class: 'error', role: 'alert', text });
	}

	function notAvailable(what) {
		return el('p', { class: 'notice', text: what + ' is not available on this server yet.' });
	}

	const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

	// ---------------------------------------------------------------- API

	function token() {
		return sessionStorage.getItem(TOKEN_KEY);
	}

	async function api(method, path, body, extraHeaders) {
		const headers = Object.assign({ Accept: 'application/json' }, extraHeaders || {});
		const current = token();
		if (current && !headers['X-API-Key']) headers.Authorization = 'Bearer ' + current;
		const init = { method, headers, cache: 'no-store', credentials: 'omit', referrerPolicy: 'no-referrer' };
		if (body !== undefined) {
			headers['Content-Type'] = 'application/json';
			init.body = JSON.stringify(body);
		}
		let response;
		try {
			response = await fetch(API + path, init);
		}
		catch (e) {
			return { status: 0, ok: false, json: { detail: 'The server cannot be reached' } };
		}
		let parsed = null;
		const text = await response.text();
		if (text) {
			try {
				parsed = JSON.parse(text);
			}
			catch (e) {
				parsed = null;
			}
		}
		const result = { status: response.status, ok: response.ok, json: parsed };
		if (response.status === 401 && current && !headers['X-API-Key']) {
			signOut('Your token is no longer accepted (expired or revoked). Sign in again.');
			throw new SignedOut();
		}
		return result;
	}

	class SignedOut extends Error {
	}

	function query(params) {
		const search = new URLSearchParams();
		for (const [name, value] of Object.entries(params)) {
			if (value !== undefined && value !== null && value !== '') search.set(name, value);
		}
		const text = search.toString();
		return text ? '?' + text : '';
	}

	const isAdmin = () => !!me && me.permissions.includes('admin');

	// ---------------------------------------------------------------- sign-in

	function signOut(reason) {
		sessionStorage.removeItem(TOKEN_KEY);
		me = null;
		runCleanup();
		renderChrome();
		renderSignIn(reason);
	}

	function renderSignIn(reason) {
		clear(main);
		const panel = el('section', { class: 'panel signin', 'aria-labelledby': 'signin-title' });
		panel.appendChild(el('h1', { id: 'signin-title', text: 'Sign in' }));
		panel.appendChild(el('p', { class: 'muted small', text: 'The token stays in this browser tab only (session storage) and is forgotten when the tab closes.' }));
		if (reason) panel.appendChild(errorBox(reason));

		const tokenTab = el('button', { type: 'button', role: 'tab', id: 'tab-token', 'aria-selected': 'true' }, 'Token');
		const keyTab = el('button', { type: 'button', role: 'tab', id: 'tab-key', 'aria-selected': 'false' }, 'API key');
		panel.appendChild(el('div', { class: 'tabs', role: 'tablist', 'aria-label': 'Sign-in method' }, tokenTab, keyTab));

		const message = el('div', { 'aria-live': 'polite' });

		const tokenForm = el('form', { id: 'signin-token', 'aria-labelledby': 'tab-token', autocomplete: 'off' },
			el('div', { class: 'field' },
				el('label', { for: 'token', text: 'Agent token (sct_… or JWT)' }),
				el('input', { id: 'token', name: 'token', type: 'password', required: true, autocomplete: 'off', spellcheck: 'false' })),
			el('button', { type: 'submit', id: 'signin-submit' }, 'Sign in'));

		const keyForm = el('form', { id: 'signin-key', 'aria-labelledby': 'tab-key', autocomplete: 'off', hidden: true },
			el('p', { class: 'muted small', text: 'Mints a read-only token for this agent id; the API key is not kept.' }),
			el('div', { class: 'field' },
				el('label', { for: 'api-key', text: 'API key' }),
				el('input', { id: 'api-key', type: 'password', required: true, autocomplete: 'off' })),
			el('div', { class: 'field' },
				el('label', { for: 'agent-id', text: 'Agent id' }),
				el('input', { id: 'agent-id', type: 'text', required: true, pattern: '[A-Za-z0-9_.@:\\-]{1,100}', autocomplete: 'off' })),
			el('div', { class: 'field' },
				el('label', { for: 'agent-type', text: 'Agent type' }),
				el('input', { id: 'agent-type', type: 'text', required: true, value: 'dashboard', pattern: '[A-Za-z0-9_.\\-]{1,50}' })),
			el('button', { type: 'submit', id: 'signin-key-submit' }, 'Get a read token and sign in'));

		function select(tab) {
			const byToken = tab === 'token';
			tokenTab.setAttribute('aria-selected', String(byToken));
			keyTab.setAttribute('aria-selected', String(!byToken));
			tokenForm.hidden = !byToken;
			keyForm.hidden = byToken;
		}
		tokenTab.addEventListener('click', () => select('token'));
		keyTab.addEventListener('click', () => select('key'));

		tokenForm.addEventListener('submit', async (event) => {
			event.preventDefault();
			const value = tokenForm.querySelector('#token').value.trim();
			tokenForm.reset();
			await useToken(value, message);
		});

		keyForm.addEventListener('submit', async (event) => {
			event.preventDefault();
			const apiKey = keyForm.querySelector('#api-key').value;
			const agentId = keyForm.querySelector('#agent-id').value.trim();
			const agentType = keyForm.querySelector('#agent-type').value.trim();
			keyForm.querySelector('#api-key').value = '';
			const response = await api('POST', '/auth/token',
				{ agent_id: agentId, agent_type: agentType, requested_permissions: ['read'] }, { 'X-API-Key': apiKey });
			if (!response.ok) {
				clear(message).appendChild(errorBox('Could not get a token: ' + problemText(response)));
				return;
			}
			await useToken(response.json.token, message);
		});

		append(panel, [tokenForm, keyForm, message]);
		main.appendChild(panel);
		tokenForm.querySelector('#token').focus();
	}

	async function useToken(value, message) {
		if (!value) return;
		sessionStorage.setItem(TOKEN_KEY, value);
		try {
			const response = await api('GET', '/auth/me');
			if (!response.ok) throw new Error(problemText(response));
			me = response.json;
		}
		catch (e) {
			if (!(e instanceof SignedOut)) {
				sessionStorage.removeItem(TOKEN_KEY);
				clear(message).appendChild(errorBox('Sign-in failed: ' + e.message));
			}
			return;
		}
		renderChrome();
		if (!location.hash || location.hash === '#/' || location.hash === '#') location.hash = '#/sessions';
		else route();
	}

	function renderChrome() {
		nav.hidden = !me;
		who.hidden = !me;
		whoName.textContent = me ? me.agent_id + ' (' + me.agent_type + ') · ' + me.permissions.join(', ') : '';
		for (const link of nav.querySelectorAll('[data-admin]')) link.hidden = !isAdmin();
	}

	document.getElementById('sign-out').addEventListener('click', () => signOut());

	// ---------------------------------------------------------------- routing

	function runCleanup() {
		const pending = cleanup;
		cleanup = [];
		pending.forEach((fn) => fn());
	}

	async function route() {
		runCleanup();
		if (!token()) {
			renderChrome();
			renderSignIn();
			return;
		}
		if (!me) {
			try {
				const response = await api('GET', '/auth/me');
				if (!response.ok) {
					signOut('Sign-in failed: ' + problemText(response));
					return;
				}
				me = response.json;
			}
			catch (e) {
				return;
			}
			renderChrome();
		}
		const hash = location.hash.replace(/^#\/?/, '');
		const [path, search] = hash.split('?');
		const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
		const params = new URLSearchParams(search || '');
		const page = parts[0] || 'sessions';
		for (const link of nav.querySelectorAll('a')) {
			if (link.dataset.route === page) link.setAttribute('aria-current', 'page');
			else link.removeAttribute('aria-current');
		}
		clear(main);
		try {
			if (page === 'sessions' && parts[1]) await renderSession(parts[1]);
			else if (page === 'sessions') await renderSessions(params);
			else if (page === 'memory') await renderMemory(params);
			else if (page === 'audit') await renderAudit(params);
			else if (page === 'tokens') await renderTokens();
			else main.appendChild(errorBox('No such page.'));
		}
		catch (e) {
			if (!(e instanceof SignedOut)) {
				main.appendChild(errorBox('Something went wrong: ' + e.message));
			}
		}
		main.focus({ preventScroll: true });
	}

	window.addEventListener('hashchange', route);

	// ---------------------------------------------------------------- sessions overview

	async function renderSessions(params) {
		const q = params.get('q') || '';
		document.title = 'Sessions · Shared Context';
		const head = el('div', { class: 'spread' }, el('h1', { text: 'Sessions' }));
		const searchForm = el('form', { class: 'panel row', role: 'search', id: 'search-form' },
			el('div', { class: 'field' },
				el('label', { for: 'search-q', text: 'Search messages across sessions' }),
				el('input', { id: 'search-q', type: 'search', value: q, placeholder: 'e.g. deployment plan', maxlength: 500 })),
			el('button', { type: 'submit' }, 'Search'));
		searchForm.addEventListener('submit', (event) => {
			event.preventDefault();
			const value = searchForm.querySelector('#search-q').value.trim();
			location.hash = '#/sessions' + (value ? '?q=' + encodeURIComponent(value) : '');
		});
		append(main, [head, searchForm]);

		if (q) {
			const results = el('section', { class: 'panel', 'aria-labelledby': 'results-title' },
				el('h2', { id: 'results-title', text: 'Results for “' + q + '”' }));
			main.appendChild(results);
			await renderSearch(results, q);
		}

		const list = el('ul', { class: 'cards', id: 'sessions', 'aria-label': 'Sessions' });
		const more = el('button', { type: 'button', class: 'secondary', hidden: true }, 'Load more');
		append(main, [list, el('p', {}, more)]);
		let offset = 0;
		async function load() {
			const response = await api('GET', '/sessions' + query({ limit: 30, offset }));
			if (!response.ok) {
				main.appendChild(errorBox('Could not load sessions: ' + problemText(response)));
				return;
			}
			const page = response.json;
			if (offset === 0 && page.sessions.length === 0) {
				list.replaceWith(el('p', { class: 'notice', text: 'No sessions yet.' }));
			}
			const cards = page.sessions.map(sessionCard);
			append(list, cards.map((c) => c.node));
			offset += page.sessions.length;
			more.hidden = !page.has_more;
			fillAgents(cards);
		}
		more.addEventListener('click', load);
		await load();
	}

	function sessionCard(session) {
		const agents = el('dd', { class: 'chips' }, el('span', { class: 'muted', text: '…' }));
		const node = el('li', { class: 'card', 'data-session-id': session.id },
			el('div', { class: 'spread' },
				el('h2', {}, el('a', { href: '#/sessions/' + encodeURIComponent(session.id), text: session.purpose })),
				el('span', { class: 'badge ' + (session.is_active ? 'active' : 'closed'), text: session.is_active ? 'active' : 'closed' })),
			el('dl', { class: 'facts' },
				el('dt', { text: 'Created by' }), el('dd', { text: session.created_by }),
				el('dt', { text: 'Messages' }), el('dd', { class: 'message-count', text: session.message_count }),
				el('dt', { text: 'Agents' }), agents,
				el('dt', { text: 'Last activity' }), el('dd', {}, time(session.updated_at)),
				el('dt', { text: 'Id' }), el('dd', { class: 'mono', text: session.id })));
		return { node, session, agents };
	}

	/** Agents seen in each session's latest visible messages, a few sessions at a time. */
	async function fillAgents(cards) {
		const queue = cards.slice();
		async function worker() {
			while (queue.length) {
				const card = queue.shift();
				const count = card.session.message_count;
				const senders = new Set([card.session.created_by]);
				if (count > 0) {
					const response = await api('GET', '/sessions/' + encodeURIComponent(card.session.id) + '/messages'
						+ query({ limit: 200, offset: Math.max(0, count - 200) }));
					if (response.ok) response.json.messages.forEach((m) => senders.add(m.sender));
				}
				clear(card.agents);
				append(card.agents, [...senders].sort().map((s) => el('span', { class: 'chip', text: s })));
			}
		}
		try {
			await Promise.all([worker(), worker(), worker()]);
		}
		catch (e) {
			// signed out meanwhile
		}
	}

	async function renderSearch(container, q) {
		const response = await api('GET', '/search' + query({ q, limit: 25 }));
		if (response.status === 404 || response.status === 405) {
			container.appendChild(notAvailable('Search across sessions'));
			return;
		}
		if (!response.ok) {
			container.appendChild(errorBox('Search failed: ' + problemText(response)));
			return;
		}
		const results = (response.json && response.json.results) || [];
		if (results.length === 0) {
			container.appendChild(el('p', { class: 'muted', text: 'Nothing found.' }));
			return;
		}
		const list = el('ol', { class: 'messages', id: 'search-results' });
		for (const result of results) {
			const m = result.message || {};
			list.appendChild(el('li', { class: 'message' },
				el('div', { class: 'message-head' },
					el('span', { class: 'sender', text: m.sender }), badge(m.visibility),
					el('a', { href: '#/sessions/' + encodeURIComponent(m.session_id || ''), class: 'mono', text: m.session_id }),
					time(m.timestamp),
					result.relevance ? el('span', { class: 'muted', text: result.relevance }) : null),
				el('p', { class: 'content', text: result.match_preview || m.content || '' })));
		}
		container.appendChild(list);
	}

	// ---------------------------------------------------------------- one session

	async function renderSession(sessionId) {
		const response = await api('GET', '/sessions/' + encodeURIComponent(sessionId));
		if (!response.ok) {
			main.appendChild(errorBox(response.status === 404 ? 'No such session.' : problemText(response)));
			return;
		}
		const session = response.json;
		document.title = session.purpose + ' · Shared Context';
		const live = el('span', { class: 'live', id: 'live-status', 'data-state': 'connecting', text: 'Connecting…' });
		const count = el('span', { id: 'visible-count', text: '' });
		main.appendChild(el('section', { class: 'panel session-head', 'aria-labelledby': 'session-title' },
			el('p', { class: 'small' }, el('a', { href: '#/sessions', text: '← All sessions' })),
			el('div', { class: 'spread' }, el('h1', { id: 'session-title', text: session.purpose }), live),
			el('p', { class: 'muted small' },
				el('span', { class: 'mono', text: session.id }), ' · created by ', el('strong', { text: session.created_by }),
				' · ', time(session.created_at), ' · ', count)));

		const list = el('ol', { class: 'messages', id: 'messages', 'aria-label': 'Messages', 'aria-live': 'polite' });
		const empty = el('p', { class: 'muted', id: 'no-messages', text: 'No messages you can see yet.' });
		append(main, [list, empty]);

		const board = new Board(list, empty, count);
		// the latest messages first, by REST; the live stream continues after the last one
		const total = session.message_count;
		const recent = 500;
		let lastId = 0;
		const history = await api('GET', '/sessions/' + encodeURIComponent(sessionId) + '/messages'
			+ query({ limit: recent, offset: Math.max(0, total - recent) }));
		if (!history.ok) {
			main.appendChild(errorBox('Could not load messages: ' + problemText(history)));
			return;
		}
		if (total > recent) {
			list.before(el('p', { class: 'muted small', text: 'Showing the latest ' + recent + ' of ' + total + ' messages.' }));
		}
		for (const message of history.json.messages) {
			board.add(message, false);
			lastId = Math.max(lastId, message.id);
		}
		const stream = new LiveStream(sessionId, lastId, (message) => board.add(message, true), (state) => {
			live.dataset.state = state;
			live.textContent = { live: 'Live', reconnecting: 'Reconnecting…', connecting: 'Connecting…', stopped: 'Stopped' }[state] || state;
		});
		stream.start();
		cleanup.push(() => stream.stop());
	}

	/** The messages of one session, threaded by parent_message_id, each rendered once. */
	class Board {

		constructor(list, empty, count) {
			this.list = list;
			this.empty = empty;
			this.count = count;
			this.nodes = new Map(); // id -> {item, replies}
		}

		add(message, fresh) {
			if (this.nodes.has(message.id)) return;
			const replies = el('ol', { class: 'replies', 'aria-label': 'Replies to message ' + message.id, hidden: true });
			const parent = message.parent_message_id != null ? this.nodes.get(message.parent_message_id) : null;
			const item = el('li', { class: 'message' + (fresh ? ' fresh' : ''), id: 'message-' + message.id, 'data-id': message.id, 'data-visibility': message.visibility },
				el('div', { class: 'message-head' },
					el('span', { class: 'sender', text: message.sender }),
					el('span', { class: 'muted', text: message.sender_type }),
					badge(message.visibility),
					message.message_type && message.message_type !== 'agent_response'
						? el('span', { class: 'chip', text: message.message_type }) : null,
					time(message.timestamp),
					el('span', { class: 'muted mono', text: '#' + message.id })),
				message.parent_message_id != null && !parent
					? el('p', { class: 'reply-to', text: 'Reply to #' + message.parent_message_id }) : null,
				el('p', { class: 'content', text: message.content }),
				message.metadata && Object.keys(message.metadata).length
					? el('details', {}, el('summary', { text: 'metadata' }), el('pre', { text: json(message.metadata) })) : null,
				replies);
			this.nodes.set(message.id, { item, replies });
			if (parent) {
				parent.replies.hidden = false;
				parent.replies.appendChild(item);
			}
			else {
				this.list.appendChild(item);
			}
			this.empty.hidden = true;
			this.count.textContent = this.nodes.size + (this.nodes.size === 1 ? ' message' : ' messages') + ' visible to you';
		}

	}

	/**
	 * Reads /api/v1/sessions/{id}/events with fetch, because EventSource cannot send an Authorization header.
	 * Parses the event stream itself and reconnects with Last-Event-ID (exponential backoff, with jitter), so the
	 * server resumes right after the last message shown: no gaps, no duplicates.
	 */
	class LiveStream {

		constructor(sessionId, afterId, onMessage, onState) {
			this.sessionId = sessionId;
			this.lastId = afterId;
			this.onMessage = onMessage;
			this.onState = onState;
			this.stopped = false;
			this.controller = null;
		}

		start() {
			this.run();
		}

		stop() {
			this.stopped = true;
			if (this.controller) this.controller.abort();
			this.onState('stopped');
		}

		async run() {
			let backoff = 500;
			while (!this.stopped) {
				this.controller = new AbortController();
				let failure = null;
				try {
					const response = await fetch(API + '/sessions/' + encodeURIComponent(this.sessionId) + '/events', {
						headers: { Authorization: 'Bearer ' + token(), Accept: 'text/event-stream', 'Last-Event-ID': String(this.lastId) },
						cache: 'no-store', credentials: 'omit', referrerPolicy: 'no-referrer', signal: this.controller.signal,
					});
					if (response.status === 401) {
						if (!this.stopped) signOut('Your token is no longer accepted (expired or revoked). Sign in again.');
						return;
					}
					if (!response.ok || !response.body) throw new Error('HTTP ' + response.status);
					this.onState('live');
					backoff = 500;
					await this.consume(response.body);
				}
				catch (e) {
					failure = e;
				}
				if (this.stopped) return;
				this.onState('reconnecting');
				await sleep(backoff + Math.random() * 250);
				backoff = Math.min(backoff * 2, 15000);
				void failure;
			}
		}

		async consume(body) {
			const reader = body.pipeThrough(new TextDecoderStream()).getReader();
			let buffer = '';
			let event = { data: [], id: null, type: 'message' };
			for (;;) {
				const { value, done } = await reader.read();
				if (done || this.stopped) return;
				buffer += value;
				const lines = buffer.split(/\r\n|\r|\n/);
				buffer = lines.pop(); // an unfinished line waits for more bytes
				for (const line of lines) {
					if (line === '') {
						this.dispatch(event);
						event = { data: [], id: null, type: 'message' };
						continue;
					}
					if (line.startsWith(':')) continue; // comment: keep-alive
					const colon = line.indexOf(':');
					const field = colon === -1 ? line : line.slice(0, colon);
					let text = colon === -1 ? '' : line.slice(colon + 1);
					if (text.startsWith(' ')) text = text.slice(1);
					if (field === 'data') event.data.push(text);
					else if (field === 'id') event.id = text;
					else if (field === 'event') event.type = text;
				}
			}
		}

		dispatch(event) {
			if (event.type !== 'message' || event.data.length === 0) return;
			let message;
			try {
				message = JSON.parse(event.data.join('\n'));
			}
			catch (e) {
				return;
			}
			const id = Number(event.id != null ? event.id : message.id);
			if (!(id > this.lastId)) return; // never show one twice
			this.lastId = id;
			this.onMessage(message);
		}

	}

	// ---------------------------------------------------------------- memory

	async function renderMemory(params) {
		document.title = 'My memory · Shared Context';
		const prefix = params.get('prefix') || '';
		const sessionId = params.get('session_id') || '';
		main.appendChild(el('h1', { text: 'My memory' }));
		main.appendChild(el('p', { class: 'muted small', text: 'Entries stored by ' + me.agent_id + '. Other agents (admins included) cannot read them.' }));
		const form = el('form', { class: 'panel row', id: 'memory-filter' },
			el('div', { class: 'field' }, el('label', { for: 'memory-prefix', text: 'Key prefix' }),
				el('input', { id: 'memory-prefix', type: 'text', value: prefix, maxlength: 255 })),
			el('div', { class: 'field' }, el('label', { for: 'memory-session', text: 'Session id (empty: global scope)' }),
				el('input', { id: 'memory-session', type: 'text', value: sessionId, pattern: 'session_[a-f0-9]{16}' })),
			el('button', { type: 'submit' }, 'Show'));
		form.addEventListener('submit', (event) => {
			event.preventDefault();
			location.hash = '#/memory' + query({ prefix: form.querySelector('#memory-prefix').value.trim(), session_id: form.querySelector('#memory-session').value.trim() });
		});
		main.appendChild(form);
		const response = await api('GET', '/memory' + query({ prefix, session_id: sessionId, limit: 500 }));
		if (response.status === 404 && !(response.json && response.json.code)) {
			main.appendChild(notAvailable('Memory'));
			return;
		}
		if (!response.ok) {
			main.appendChild(errorBox(problemText(response)));
			return;
		}
		const entries = response.json.entries || [];
		if (entries.length === 0) {
			main.appendChild(el('p', { class: 'notice', text: 'No entries in this scope.' }));
			return;
		}
		main.appendChild(table('memory-table', ['Key', 'Value', 'Scope', 'Updated', 'Expires'], entries.map((entry) => [
			el('span', { class: 'mono', text: entry.key }),
			el('pre', { text: json(entry.value) }),
			entry.session_id ? el('span', { class: 'mono', text: entry.session_id }) : 'global',
			time(entry.updated_at),
			entry.expires_at ? time(entry.expires_at) : 'never',
		])));
		if (response.json.has_more) main.appendChild(el('p', { class: 'muted small', text: 'More entries exist; narrow the prefix.' }));
	}

	function table(id, headings, rows) {
		const thead = el('thead', {}, el('tr', {}, headings.map((h) => el('th', { scope: 'col', text: h }))));
		const tbody = el('tbody', {}, rows.map((cells) => rowOf(headings, cells)));
		return el('div', { class: 'table-wrap' }, el('table', { id }, thead, tbody));
	}

	function rowOf(headings, cells) {
		return el('tr', {}, cells.map((cell, i) => el('td', { 'data-label': headings[i] }, cell)));
	}

	// ---------------------------------------------------------------- audit (admins)

	async function renderAudit(params) {
		document.title = 'Audit log · Shared Context';
		main.appendChild(el('h1', { text: 'Audit log' }));
		if (!isAdmin()) {
			main.appendChild(errorBox('The audit log needs the admin permission.'));
			return;
		}
		const fields = [
			['event_type', 'Event type', 'text'], ['agent_id', 'Agent id', 'text'], ['session_id', 'Session id', 'text'],
			['since', 'Since', 'datetime-local'], ['until', 'Until', 'datetime-local'],
		];
		const form = el('form', { class: 'panel row', id: 'audit-filter' },
			fields.map(([name, text, type]) => el('div', { class: 'field' },
				el('label', { for: 'audit-' + name, text }),
				el('input', { id: 'audit-' + name, name, type, value: type === 'datetime-local' ? isoToLocal(params.get(name)) : params.get(name) || '' }))),
			el('button', { type: 'submit' }, 'Filter'));
		form.addEventListener('submit', (event) => {
			event.preventDefault();
			const values = {};
			for (const [name, , type] of fields) {
				const value = form.querySelector('#audit-' + name).value.trim();
				values[name] = type === 'datetime-local' && value ? new Date(value).toISOString() : value;
			}
			location.hash = '#/audit' + query(values);
		});
		main.appendChild(form);

		const filters = {};
		for (const [name] of fields) filters[name] = params.get(name) || '';
		const holder = el('div', {});
		const more = el('button', { type: 'button', class: 'secondary', hidden: true }, 'Load more');
		append(main, [holder, el('p', {}, more)]);
		const headings = ['Time', 'Event', 'Agent', 'Session', 'Resource', 'Action', 'Result', 'Remote', 'Request', 'Details'];
		let tbody = null;
		let cursor = null;
		async function load() {
			const response = await api('GET', '/admin/audit' + query(Object.assign({ limit: 100, cursor }, filters)));
			if (response.status === 404 && !(response.json && response.json.code && response.json.code !== 'NOT_FOUND')) {
				clear(holder).appendChild(notAvailable('The audit log API'));
				return;
			}
			if (!response.ok) {
				clear(holder).appendChild(errorBox(problemText(response)));
				return;
			}
			const events = response.json.events || [];
			if (!tbody) {
				if (events.length === 0) {
					holder.appendChild(el('p', { class: 'notice', text: 'No events match.' }));
					return;
				}
				const wrap = table('audit-table', headings, []);
				tbody = wrap.querySelector('tbody');
				holder.appendChild(wrap);
			}
			for (const e of events) {
				tbody.appendChild(rowOf(headings, [
					time(e.timestamp), e.event_type, e.agent_id || '—', e.session_id ? el('span', { class: 'mono', text: e.session_id }) : '—',
					e.resource || '—', e.action || '—',
					el('span', { class: /^(success|ok|allowed)$/i.test(e.result || '') ? 'result-ok' : 'result-bad', text: e.result || '—' }),
					e.remote_address || '—', el('span', { class: 'mono', text: e.request_id || '—' }),
					e.details && Object.keys(e.details).length ? el('pre', { text: json(e.details) }) : '—',
				]));
			}
			cursor = response.json.next_cursor || null;
			more.hidden = !cursor;
		}
		more.addEventListener('click', load);
		await load();
	}

	function isoToLocal(iso) {
		if (!iso) return '';
		const date = new Date(iso);
		if (isNaN(date)) return '';
		const pad = (n) => String(n).padStart(2, '0');
		return date.getFullYear() + '-' + pad(date.getMonth() + 1) + '-' + pad(date.getDate()) + 'T' + pad(date.getHours()) + ':' + pad(date.getMinutes());
	}

	// ---------------------------------------------------------------- tokens (admins)

	async function renderTokens() {
		document.title = 'Tokens · Shared Context';
		main.appendChild(el('h1', { text: 'Tokens' }));
		if (!isAdmin()) {
			main.appendChild(errorBox('Token administration needs the admin permission.'));
			return;
		}
		const issued = el('div', { 'aria-live': 'polite' });
		const form = el('form', { class: 'panel', id: 'issue-token' },
			el('h2', { text: 'Issue a token' }),
			el('div', { class: 'row' },
				el('div', { class: 'field' }, el('label', { for: 'issue-agent-id', text: 'Agent id' }),
					el('input', { id: 'issue-agent-id', type: 'text', required: true, pattern: '[A-Za-z0-9_.@:\\-]{1,100}' })),
				el('div', { class: 'field' }, el('label', { for: 'issue-agent-type', text: 'Agent type' }),
					el('input', { id: 'issue-agent-type', type: 'text', required: true, pattern: '[A-Za-z0-9_.\\-]{1,50}' })),
				el('div', { class: 'field' }, el('label', { for: 'issue-expires', text: 'Expires in (seconds, optional)' }),
					el('input', { id: 'issue-expires', type: 'number', min: 60, max: 31536000 }))),
			el('fieldset', {}, el('legend', { text: 'Permissions' }),
				el('div', { class: 'checks' }, ['read', 'write', 'admin', 'debug'].map((p) => el('label', {},
					el('input', { type: 'checkbox', name: 'permission', value: p, checked: p === 'read' }), p)))),
			el('button', { type: 'submit' }, 'Issue token'),
			issued);
		form.addEventListener('submit', async (event) => {
			event.preventDefault();
			const permissions = [...form.querySelectorAll('input[name=permission]:checked')].map((i) => i.value);
			const expires = form.querySelector('#issue-expires').value;
			const body = {
				agent_id: form.querySelector('#issue-agent-id').value.trim(),
				agent_type: form.querySelector('#issue-agent-type').value.trim(),
				permissions,
			};
			if (expires) body.expires_in = Number(expires);
			const response = await api('POST', '/admin/tokens', body);
			clear(issued);
			if (!response.ok) {
				issued.appendChild(errorBox(problemText(response)));
				return;
			}
			const secret = el('input', { type: 'text', readonly: true, value: response.json.token, 'aria-label': 'New token', id: 'issued-token' });
			const copy = el('button', { type: 'button', class: 'secondary' }, 'Copy');
			copy.addEventListener('click', async () => {
				try {
					await navigator.clipboard.writeText(secret.value);
					toast('Copied');
				}
				catch (e) {
					secret.select();
				}
			});
			append(issued, [
				el('p', { class: 'notice', text: 'Token ' + response.json.token_id + ' for ' + response.json.agent_id + '. It is shown only now; copy it.' }),
				el('div', { class: 'secret' }, secret, copy),
			]);
			await loadTokens();
		});
		main.appendChild(form);

		const includeInactive = el('input', { type: 'checkbox', id: 'include-inactive' });
		includeInactive.addEventListener('change', () => loadTokens());
		main.appendChild(el('div', { class: 'spread' }, el('h2', { text: 'Issued tokens' }),
			el('div', { class: 'checks' }, el('label', { for: 'include-inactive' }, includeInactive, 'Show revoked and expired'))));
		const holder = el('div', { id: 'tokens' });
		main.appendChild(holder);

		async function loadTokens() {
			const response = await api('GET', '/admin/tokens' + query({ include_inactive: includeInactive.checked, limit: 500 }));
			clear(holder);
			if (!response.ok) {
				holder.appendChild(errorBox(problemText(response)));
				return;
			}
			const headings = ['Id', 'Agent', 'Type', 'Permissions', 'Format', 'Issued by', 'Issued', 'Expires', 'State', ''];
			holder.appendChild(table('tokens-table', headings, response.json.tokens.map((t) => {
				const revoked = !!t.revoked_at;
				const expired = new Date(t.expires_at) <= new Date();
				const own = me && t.id === me.token_id;
				const revoke = el('button', { type: 'button', class: 'danger', disabled: revoked || expired, 'aria-label': 'Revoke token ' + t.id }, 'Revoke');
				revoke.addEventListener('click', async () => {
					if (!window.confirm('Revoke token ' + t.id + ' of ' + t.agent_id + (own ? ' (the one you are signed in with)' : '') + '?')) return;
					const result = await api('DELETE', '/admin/tokens/' + encodeURIComponent(t.id));
					if (result.ok) {
						toast('Revoked ' + t.id);
						await loadTokens();
					}
					else {
						toast(problemText(result));
					}
				});
				return [el('span', { class: 'mono', text: t.id + (own ? ' (you)' : '') }), t.agent_id, t.agent_type,
					(t.permissions || []).join(', '), t.format || '', t.issued_by || '', time(t.issued_at), time(t.expires_at),
					revoked ? 'revoked' : expired ? 'expired' : 'active', revoke];
			})));
		}
		await loadTokens();
	}

	// ---------------------------------------------------------------- start

	route();
})();
