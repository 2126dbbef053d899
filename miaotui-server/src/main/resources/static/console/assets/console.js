/*
 * Miaotui console: the pages' only script. It holds the bearer token in sessionStorage (never in a URL the server
 * sees), calls the v1 API with it, and writes every value the API returns as text (textContent, setAttribute),
 * never as HTML. The token's claims are decoded here for display and navigation only: the API decides.
 */
(function () {
  'use strict';

  const TOKEN_KEY = 'miaotui.console.token';
  const REASON_KEY = 'miaotui.console.signin-reason';
  const ORDER_KEY = 'miaotui.console.order';
  const HOME = { BUYER: '/console/buyer', MERCHANT: '/console/merchant', OPERATOR: '/console/operator' };
  const FINAL = new Set(['PAID', 'REJECTED', 'PAYOUT_FAILED', 'REFUNDED_OFFLINE', 'CANCELLED']);
  const LIVE_REFRESH_MS = 10000;
  const QUEUE_REFRESH_MS = 15000;
  const POLL_MS = 1000;
  const POLL_LIMIT = 600; // ten minutes of polling for one refund, then the page stops asking

  const $ = (selector, root) => (root || document).querySelector(selector);
  const $$ = (selector, root) => Array.from((root || document).querySelectorAll(selector));

  // ---- messages: the server renders the page's script labels as hidden spans in its language ----
  const MESSAGES = {};
  function loadMessages() {
    $$('#script-messages span').forEach(span => { MESSAGES[span.dataset.key] = span.textContent; });
  }
  function t(key, ...args) {
    const text = MESSAGES[key] !== undefined ? MESSAGES[key] : key;
    return text.replace(/\{(\d+)\}/g, (all, i) => (args[i] === undefined || args[i] === null ? '' : String(args[i])));
  }
  const lang = () => document.documentElement.lang || 'en';

  // ---- building DOM from data, as text only ----
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => {
      if (v === null || v === undefined || v === false) return;
      if (k === 'class') el.className = v;
      else if (k === 'dataset') Object.entries(v).forEach(([dk, dv]) => { el.dataset[dk] = String(dv); });
      else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, v === true ? '' : String(v));
    });
    children.flat().forEach(child => {
      if (child === null || child === undefined || child === false) return;
      el.append(child instanceof Node ? child : document.createTextNode(String(child)));
    });
    return el;
  }
  function show(el, text) {
    if (!el) return;
    el.textContent = text;
    el.hidden = !text;
  }

  // ---- formats ----
  const dash = '—';
  function fmtDateTime(iso) {
    if (!iso) return dash;
    return new Date(iso).toLocaleString(lang(), { hour12: false });
  }
  function fmtClock(iso) {
    if (!iso) return dash;
    return new Date(iso).toLocaleTimeString(lang(), { hour12: false, hour: '2-digit', minute: '2-digit', second: '2-digit' });
  }
  function fmtMs(ms) {
    if (ms === null || ms === undefined) return dash;
    if (ms < 1000) return ms + ' ms';
    if (ms < 60000) return (ms / 1000).toFixed(1) + ' s';
    if (ms < 3600000) return (ms / 60000).toFixed(1) + ' min';
    return (ms / 3600000).toFixed(1) + ' h';
  }
  function fmtShare(share) {
    return share === null || share === undefined ? dash : (share * 100).toFixed(1) + '%';
  }
  function fmtMoney(amount) {
    return amount === null || amount === undefined ? dash : '¥' + amount;
  }
  function fmtLeft(ms) {
    if (ms <= 0) return t('countdown.due');
    const s = Math.floor(ms / 1000);
    const d = Math.floor(s / 86400), hh = Math.floor((s % 86400) / 3600), mm = Math.floor((s % 3600) / 60), ss = s % 60;
    const two = n => String(n).padStart(2, '0');
    return t('countdown.left', (d > 0 ? d + t('countdown.days') + ' ' : '') + two(hh) + ':' + two(mm) + ':' + two(ss));
  }
  /** A datetime-local input's value for an instant, in the browser's time zone. */
  function toLocalInput(date) {
    const two = n => String(n).padStart(2, '0');
    return date.getFullYear() + '-' + two(date.getMonth() + 1) + '-' + two(date.getDate()) + 'T'
      + two(date.getHours()) + ':' + two(date.getMinutes());
  }
  function fromLocalInput(value) {
    return value ? new Date(value).toISOString() : null;
  }
  function toDateInput(date) {
    return toLocalInput(date).slice(0, 10);
  }
  const enc = encodeURIComponent;

  // ---- the token ----
  /** A token handed over in the fragment (#token=...) moves into sessionStorage and leaves the address bar. */
  function takeTokenFromFragment() {
    if (!location.hash.startsWith('#token=')) return;
    const token = location.hash.slice('#token='.length);
    if (/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(token)) sessionStorage.setItem(TOKEN_KEY, token);
    history.replaceState(null, '', location.pathname + location.search);
  }
  function token() {
    return sessionStorage.getItem(TOKEN_KEY);
  }
  /** The token's claims, for display only (the signature is the server's business), or null. */
  function claimsOf(jwt) {
    try {
      const part = jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
      const binary = atob(part + '='.repeat((4 - (part.length % 4)) % 4));
      const claims = JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, ch => ch.charCodeAt(0))));
      return claims && typeof claims.role === 'string' && typeof claims.sub === 'string' ? claims : null;
    } catch (e) {
      return null;
    }
  }
  function expired(claims) {
    return typeof claims.exp === 'number' && claims.exp * 1000 <= Date.now();
  }
  function signOut(reason) {
    sessionStorage.removeItem(TOKEN_KEY);
    if (reason) sessionStorage.setItem(REASON_KEY, reason);
    location.replace('/console/signin');
  }

  // ---- the API ----
  async function api(path, options) {
    const { method = 'GET', body, accept = 'application/json', headers = {} } = options || {};
    const all = Object.assign({ Accept: accept, Authorization: 'Bearer ' + token() }, headers);
    if (body !== undefined) all['Content-Type'] = 'application/json';
    let response;
    try {
      response = await fetch(path, { method, headers: all, body: body === undefined ? undefined : JSON.stringify(body),
        cache: 'no-store', credentials: 'omit', redirect: 'error' });
    } catch (e) {
      return { status: 0, ok: false, data: null };
    }
    if (response.status === 401) {
      signOut('expired');
      return { status: 401, ok: false, data: null };
    }
    const type = response.headers.get('Content-Type') || '';
    const data = type.includes('json') ? await response.json().catch(() => null) : await response.text();
    return { status: response.status, ok: response.ok, data };
  }
  function problemText(reply) {
    if (reply.status === 0) return t('error.network');
    const detail = reply.data && typeof reply.data === 'object' && reply.data.detail;
    return detail ? detail : t('error.http', reply.status);
  }
  function idempotencyKey() {
    const bytes = crypto.getRandomValues(new Uint8Array(12));
    return 'console-' + Array.from(bytes, b => b.toString(16).padStart(2, '0')).join('');
  }

  // ---- charts (Apache ECharts, vendored) ----
  /** Draws {@code option} in {@code el}; marks it drawn with its number of data points, for people and tests. */
  function draw(el, option, points, renderer) {
    const note = el.parentElement.querySelector('.chart-note');
    if (!window.echarts) return unavailable(el, t('chart.noLibrary'));
    el.hidden = false; // shown before drawing: a chart sizes itself to its box
    const chart = window.echarts.getInstanceByDom(el) || window.echarts.init(el, null, { renderer: renderer || 'canvas' });
    chart.setOption(Object.assign({ animation: false, textStyle: { fontFamily: 'inherit' } }, option), true);
    chart.resize();
    el.dataset.state = points > 0 ? 'drawn' : 'empty';
    el.dataset.points = String(points);
    show(note, points > 0 ? '' : t('chart.empty'));
    return chart;
  }
  function unavailable(el, text) {
    const chart = window.echarts && window.echarts.getInstanceByDom(el);
    if (chart) chart.dispose();
    el.hidden = true;
    el.dataset.state = 'unavailable';
    el.dataset.points = '0';
    show(el.parentElement.querySelector('.chart-note'), text);
  }
  window.addEventListener('resize', () => {
    if (!window.echarts) return;
    $$('.chart').forEach(el => { const c = window.echarts.getInstanceByDom(el); if (c) c.resize(); });
  });
  const PALETTE = ['#e4572e', '#2e86ab', '#76b041', '#f3a712', '#7e52a0', '#29335c'];

  // ---- the shell: who is signed in, and the nav they may use ----
  function shell(claims) {
    show($('#who'), t('signedInAs', claims.sub, t('role.' + claims.role)) + (claims.shop ? ' · ' + claims.shop : ''));
    $$('nav [data-for-role]').forEach(link => { link.hidden = link.dataset.forRole !== claims.role; });
    const out = $('#signout');
    if (out) {
      out.hidden = false;
      out.addEventListener('click', () => signOut(null));
    }
  }

  // ---- sign-in ----
  function signInPage(current) {
    const reason = sessionStorage.getItem(REASON_KEY);
    sessionStorage.removeItem(REASON_KEY);
    if (reason) show($('#signin-message'), t('signin.' + reason));
    if (current && !HOME[current.role]) show($('#signin-message'), t('signin.noPages', t('role.' + current.role)));
    $('#signin-form').addEventListener('submit', async event => {
      event.preventDefault();
      const input = $('#token-input');
      const candidate = input.value.trim().replace(/^Bearer\s+/i, '');
      const claims = claimsOf(candidate);
      if (!claims) return show($('#signin-message'), t('signin.notAToken'));
      if (expired(claims)) return show($('#signin-message'), t('signin.expired'));
      sessionStorage.setItem(TOKEN_KEY, candidate);
      // Any call every role may make tells whether the service accepts the token (a 404 "no window" is fine).
      const reply = await api('/api/v1/closing-window');
      if (reply.status === 401) return;
      input.value = '';
      if (!HOME[claims.role]) return show($('#signin-message'), t('signin.noPages', t('role.' + claims.role)));
      location.assign(HOME[claims.role]);
    });
  }

  // ---- buyer: an order's lines, a refund per line, its status until paid ----
  function buyerPage() {
    const input = $('#order-id');
    const refunds = new Map();
    let current = null;
    $('#order-form').addEventListener('submit', event => { event.preventDefault(); load(); });
    const last = sessionStorage.getItem(ORDER_KEY);
    if (last) { input.value = last; load(); }

    async function load() {
      const orderId = input.value.trim();
      if (!orderId) return;
      sessionStorage.setItem(ORDER_KEY, orderId);
      const reply = await api('/api/v1/orders/' + enc(orderId));
      if (!reply.ok) {
        current = null;
        $('#lines tbody').replaceChildren();
        show($('#order-summary'), '');
        return show($('#order-error'), reply.status === 404 ? t('buyer.noSuchOrder', orderId) : problemText(reply));
      }
      show($('#order-error'), '');
      current = reply.data;
      render(current);
    }

    function render(order) {
      show($('#order-summary'), t('buyer.orderSummary', order.orderId, order.shopId, fmtDateTime(order.paidAt)));
      $('#lines tbody').replaceChildren(...order.lines.map(line => {
        const refundable = Number(line.refundableAmount) > 0 && line.status !== 'REFUNDING';
        const button = refundable ? h('button', { class: 'primary refund-line', type: 'button' }, t('buyer.refund')) : null;
        if (button) button.addEventListener('click', () => request(order, line, button));
        return h('tr', { dataset: { lineId: line.lineId, status: line.status } },
          h('td', {}, line.lineId), h('td', {}, line.sku), h('td', { class: 'num' }, line.quantity),
          h('td', { class: 'num' }, fmtMoney(line.paidAmount)), h('td', { class: 'num' }, fmtMoney(line.refundableAmount)),
          h('td', {}, h('span', { class: 'badge badge-' + line.status }, t('line.' + line.status))),
          h('td', {}, button));
      }));
    }

    async function request(order, line, button) {
      button.disabled = true;
      button.dataset.key = button.dataset.key || idempotencyKey(); // a second click resends the same request
      const reason = $('#refund-reason').value.trim() || t('buyer.defaultReason');
      const reply = await api('/api/v1/refunds', { method: 'POST', headers: { 'Idempotency-Key': button.dataset.key },
        body: { orderId: order.orderId, lineId: line.lineId, reason: reason } });
      if (!reply.ok) {
        button.disabled = false;
        return show($('#order-error'), problemText(reply));
      }
      show($('#order-error'), '');
      track(reply.data, 0);
      load();
    }

    function track(refund, polls) {
      let card = refunds.get(refund.refundId);
      if (!card) {
        card = h('article', { class: 'refund', dataset: { refundId: refund.refundId } },
          h('header', {}, h('strong', { class: 'refund-line' }), h('span', { class: 'refund-amount' })),
          h('p', { class: 'refund-status' }), h('p', { class: 'refund-decision' }), h('p', { class: 'refund-id muted' }));
        refunds.set(refund.refundId, card);
        $('#refunds').prepend(card);
        show($('#refunds-empty'), '');
      }
      card.dataset.status = refund.status;
      $('.refund-line', card).textContent = t('buyer.refundFor', refund.orderId, refund.lineId);
      $('.refund-amount', card).textContent = fmtMoney(refund.amount);
      $('.refund-status', card).textContent = statusInWords(refund);
      $('.refund-status', card).className = 'refund-status status-' + refund.status;
      $('.refund-decision', card).textContent = decisionInWords(refund);
      $('.refund-id', card).textContent = t('buyer.refundId', refund.refundId, fmtDateTime(refund.createdAt));
      if (FINAL.has(refund.status)) {
        if (current) load();
        return;
      }
      if (polls >= POLL_LIMIT) return;
      setTimeout(async () => {
        const reply = await api('/api/v1/refunds/' + enc(refund.refundId));
        track(reply.ok ? reply.data : refund, polls + 1);
      }, POLL_MS);
    }
  }
  function statusInWords(refund) {
    switch (refund.status) {
      case 'PENDING_MERCHANT_REVIEW': return t('status.PENDING_MERCHANT_REVIEW', fmtDateTime(refund.reviewDeadline));
      case 'PAID': return t('status.PAID', fmtClock(refund.paidAt));
      case 'REJECTED': return t('status.REJECTED', refund.rejectionReason || dash);
      default: return t('status.' + refund.status);
    }
  }
  function decisionInWords(refund) {
    const d = refund.decision || {};
    const why = d.explanation ? ' ' + t('decision.because', d.explanation) : '';
    if (d.resolution === 'APPROVED_AT_DEADLINE') return t('decision.atDeadline') + why;
    if (d.resolution === 'MERCHANT_APPROVED') return t('decision.merchantApproved') + why;
    if (d.resolution === 'MERCHANT_REJECTED') return t('decision.merchantRejected') + why;
    return (d.instant ? t('decision.instant') : t('decision.review')) + why;
  }

  // ---- merchant: the review queue, one-click closing, the shop's metrics ----
  function merchantPage(claims) {
    const shop = claims.shop;
    const base = '/api/v1/shops/' + enc(shop);
    let deadlines = [];
    show($('#merchant-shop'), t('merchant.shop', shop));

    async function queue() {
      const reply = await api(base + '/refunds?status=PENDING_MERCHANT_REVIEW&size=100');
      if (!reply.ok) return show($('#queue-message'), problemText(reply));
      const rows = reply.data.refunds.map(refund => {
        const countdown = h('span', { class: 'countdown' });
        deadlines.push({ el: countdown, at: Date.parse(refund.reviewDeadline) });
        const approve = h('button', { class: 'primary approve', type: 'button' }, t('merchant.approve'));
        const reject = h('button', { class: 'reject', type: 'button' }, t('merchant.reject'));
        approve.addEventListener('click', () => decide(refund.refundId, 'approve'));
        reject.addEventListener('click', () => decide(refund.refundId, 'reject'));
        return h('tr', { dataset: { refundId: refund.refundId } },
          h('td', {}, h('input', { type: 'checkbox', class: 'pick', value: refund.refundId, 'aria-label': refund.refundId })),
          h('td', {}, refund.orderId + ' / ' + refund.lineId), h('td', { class: 'num' }, fmtMoney(refund.amount)),
          h('td', {}, refund.reason), h('td', {}, fmtDateTime(refund.createdAt)), h('td', {}, countdown),
          h('td', { class: 'actions' }, approve, reject));
      });
      deadlines = deadlines.filter(d => d.el.isConnected || rows.some(r => r.contains(d.el)));
      $('#queue tbody').replaceChildren(...rows);
      show($('#queue-empty'), rows.length ? '' : t('merchant.queueEmpty'));
      $('#queue-count').textContent = String(rows.length);
      tick();
    }
    function tick() {
      const now = Date.now();
      deadlines = deadlines.filter(d => d.el.isConnected);
      deadlines.forEach(d => {
        d.el.textContent = fmtLeft(d.at - now);
        d.el.classList.toggle('urgent', d.at - now < 3600000);
      });
    }
    function reason() {
      const text = $('#reject-reason').value.trim();
      if (!text) show($('#queue-message'), t('merchant.reasonNeeded'));
      return text;
    }
    async function decide(refundId, action) {
      let body;
      if (action === 'reject') {
        const text = reason();
        if (!text) return;
        body = { reason: text };
      }
      const reply = await api('/api/v1/refunds/' + enc(refundId) + '/' + action, { method: 'POST', body });
      show($('#queue-message'), reply.ok ? t('merchant.decided.' + action, refundId) : problemText(reply));
      queue();
    }
    async function bulk(action) {
      const ids = $$('#queue .pick:checked').map(box => box.value);
      if (!ids.length) return show($('#queue-message'), t('merchant.pickFirst'));
      const body = { refundIds: ids };
      if (action === 'reject') {
        const text = reason();
        if (!text) return;
        body.reason = text;
      }
      const reply = await api(base + '/refunds/bulk-' + action, { method: 'POST', body });
      show($('#queue-message'), reply.ok
        ? t('merchant.bulkDone', reply.data.approved, reply.data.rejected, reply.data.skipped) : problemText(reply));
      queue();
    }
    $('#bulk-approve').addEventListener('click', () => bulk('approve'));
    $('#bulk-reject').addEventListener('click', () => bulk('reject'));
    $('#select-all').addEventListener('change', event => $$('#queue .pick').forEach(b => { b.checked = event.target.checked; }));

    async function closing() {
      const window_ = await api('/api/v1/closing-window');
      const from = $('#closing-from'), to = $('#closing-to');
      if (window_.ok) {
        const w = window_.data;
        show($('#window-text'), t('merchant.window', fmtDateTime(w.from), fmtDateTime(w.to), w.maxDays));
        const earliest = Math.max(Date.parse(w.from), Date.now() + 3600000);
        const start = new Date(Math.ceil(earliest / 3600000) * 3600000);
        const end = new Date(Math.min(start.getTime() + 24 * 3600000, Date.parse(w.to)));
        from.min = toLocalInput(new Date(w.from)); from.max = toLocalInput(new Date(w.to));
        to.min = from.min; to.max = from.max;
        if (!from.value) from.value = toLocalInput(start);
        if (!to.value) to.value = toLocalInput(end);
        $('#closing-set').disabled = false;
      } else {
        show($('#window-text'), window_.status === 404 ? t('merchant.noWindow') : problemText(window_));
        $('#closing-set').disabled = true;
      }
      const mine = await api(base + '/closing');
      if (mine.ok) {
        const c = mine.data;
        show($('#closing-current'), t(c.closedNow ? 'merchant.closedNow' : 'merchant.closingPlanned',
          fmtDateTime(c.from), fmtDateTime(c.to)));
        $('#closing-cancel').hidden = false;
      } else {
        show($('#closing-current'), mine.status === 404 ? t('merchant.noClosing') : problemText(mine));
        $('#closing-cancel').hidden = true;
      }
    }
    $('#closing-form').addEventListener('submit', async event => {
      event.preventDefault();
      const reply = await api(base + '/closing', { method: 'PUT',
        body: { from: fromLocalInput($('#closing-from').value), to: fromLocalInput($('#closing-to').value) } });
      show($('#closing-message'), reply.ok ? t('merchant.closingSet') : problemText(reply));
      closing();
      queue();
    });
    $('#closing-cancel').addEventListener('click', async () => {
      const reply = await api(base + '/closing', { method: 'DELETE' });
      show($('#closing-message'), reply.ok ? t('merchant.closingCancelled') : problemText(reply));
      closing();
      queue();
    });

    async function metrics() {
      const reply = await api(base + '/metrics');
      if (!reply.ok) return show($('#metrics-message'), problemText(reply));
      const m = reply.data;
      const rows = [
        ['metrics.window', fmtDateTime(m.from) + ' – ' + fmtDateTime(m.to)], ['metrics.lines', m.lines],
        ['metrics.lateShipments', m.lateShipments], ['metrics.refunds', m.refunds], ['metrics.refundRate', m.refundRate],
        ['metrics.reviewsAnswered', m.reviewsAnswered], ['metrics.reviewsTimedOut', m.reviewsTimedOut],
        ['metrics.averageReviewResponseHours', m.averageReviewResponseHours],
        ['metrics.slowestReviewResponseHours', m.slowestReviewResponseHours], ['metrics.closedDays', m.closedDays]];
      $('#metrics').replaceChildren(...rows.flatMap(([key, value]) =>
        [h('dt', {}, t(key)), h('dd', {}, value === null || value === undefined ? dash : value)]));
      show($('#metrics-message'), m.note || '');
    }

    queue();
    closing();
    metrics();
    setInterval(tick, 1000);
    setInterval(queue, QUEUE_REFRESH_MS);
  }

  // ---- operator: the live dashboard ----
  function livePage() {
    const charts = ['#chart-per-minute', '#chart-ttm', '#chart-channel'].map(s => $(s));
    async function refresh() {
      const reply = await api('/api/v1/reports/live?minutes=60');
      if (!reply.ok || !reply.data || !Array.isArray(reply.data.perMinute)) {
        const why = t('live.unavailable', reply.status || t('error.network'));
        charts.forEach(el => unavailable(el, why));
        $$('.tile .value').forEach(el => { el.textContent = dash; });
        show($('#live-status'), why);
        $('#live-status').dataset.state = 'unavailable';
        return;
      }
      const live = reply.data;
      const minutes = live.perMinute;
      const last = minutes.length ? minutes[minutes.length - 1] : {};
      const sum = key => minutes.reduce((acc, m) => acc + (m[key] || 0), 0);
      const requested = sum('requested');
      const withTimes = minutes.filter(m => m.timeToMoneyP50Ms !== null && m.timeToMoneyP50Ms !== undefined);
      const latest = withTimes.length ? withTimes[withTimes.length - 1] : {};
      $('#tile-per-minute .value').textContent = String(last.requested || 0);
      $('#tile-per-hour .value').textContent = String(requested);
      $('#tile-instant-share .value').textContent = requested ? fmtShare(sum('instant') / requested) : dash;
      $('#tile-p50 .value').textContent = fmtMs(latest.timeToMoneyP50Ms);
      $('#tile-p99 .value').textContent = fmtMs(latest.timeToMoneyP99Ms);
      $('#tile-pending .value').textContent = String(live.pendingReviews);
      $('#tile-deadline .value').textContent = String(live.reviewsDecidedAtDeadline);
      $('#tile-failures .value').textContent = String(live.payoutFailures);
      show($('#live-status'), t('live.asOf', fmtDateTime(live.asOf)));
      $('#live-status').dataset.state = 'live';
      const labels = minutes.map(m => fmtClock(m.minute).slice(0, 5));
      draw($('#chart-per-minute'), {
        color: PALETTE, tooltip: { trigger: 'axis' }, legend: { top: 0 },
        grid: { left: 40, right: 16, top: 32, bottom: 28 },
        xAxis: { type: 'category', data: labels }, yAxis: { type: 'value', minInterval: 1 },
        series: [
          { name: t('live.requested'), type: 'bar', data: minutes.map(m => m.requested) },
          { name: t('live.instant'), type: 'bar', data: minutes.map(m => m.instant) },
          { name: t('live.paid'), type: 'line', data: minutes.map(m => m.paid), symbol: 'none' }]
      }, minutes.length);
      draw($('#chart-ttm'), {
        color: PALETTE.slice(1), tooltip: { trigger: 'axis' }, legend: { top: 0 },
        grid: { left: 56, right: 16, top: 32, bottom: 28 },
        xAxis: { type: 'category', data: labels },
        yAxis: { type: 'value', axisLabel: { formatter: v => fmtMs(v) } },
        series: [
          { name: 'p50', type: 'line', connectNulls: true, data: minutes.map(m => m.timeToMoneyP50Ms) },
          { name: 'p99', type: 'line', connectNulls: true, data: minutes.map(m => m.timeToMoneyP99Ms) }]
      }, minutes.length);
      const channels = Object.entries(live.byChannel || {});
      draw($('#chart-channel'), {
        color: PALETTE, tooltip: { trigger: 'axis' }, legend: { top: 0 },
        grid: { left: 40, right: 16, top: 32, bottom: 28 },
        xAxis: { type: 'category', data: channels.map(([name]) => name) }, yAxis: { type: 'value', minInterval: 1 },
        series: [
          { name: t('live.requested'), type: 'bar', data: channels.map(([, c]) => c.requested) },
          { name: t('live.instant'), type: 'bar', data: channels.map(([, c]) => c.instant) }]
      }, channels.length);
      $('#by-channel tbody').replaceChildren(...channels.map(([name, c]) => h('tr', {},
        h('td', {}, name), h('td', { class: 'num' }, c.requested), h('td', { class: 'num' }, c.instant),
        h('td', { class: 'num' }, fmtShare(c.instantShare)), h('td', { class: 'num' }, fmtMs(c.timeToMoneyP50Ms)),
        h('td', { class: 'num' }, fmtMs(c.timeToMoneyP99Ms)), h('td', { class: 'num' }, c.payoutFailures))));
      $('#by-policy tbody').replaceChildren(...(live.byPolicyVersion || []).map(p => h('tr', {},
        h('td', {}, p.policy + ' v' + p.version), h('td', { class: 'num' }, p.requested),
        h('td', { class: 'num' }, p.instant), h('td', { class: 'num' }, fmtShare(p.instantShare)),
        h('td', { class: 'num' }, fmtMs(p.timeToMoneyP50Ms)), h('td', { class: 'num' }, fmtMs(p.timeToMoneyP99Ms)))));
    }
    refresh();
    setInterval(refresh, LIVE_REFRESH_MS);
  }

  // ---- operator: each policy's gray release, candidate against active ----
  async function grayPage() {
    const reply = await api('/api/v1/policies');
    if (!reply.ok) return show($('#gray-message'), problemText(reply));
    const policies = reply.data;
    const inGray = policies.filter(p => p.candidate);
    show($('#gray-message'), inGray.length ? '' : t('gray.none'));
    $('#policies tbody').replaceChildren(...policies.map(p => h('tr', { dataset: { policy: p.key } },
      h('td', {}, p.key), h('td', {}, (p.routedFrom || []).join(', ') || dash),
      h('td', {}, p.active ? 'v' + p.active.version : dash),
      h('td', {}, p.candidate ? t('gray.candidateAt', p.candidate.version, p.candidate.percent) : dash),
      h('td', { class: 'num' }, p.versions))));
    const cards = [];
    for (const policy of inGray) {
      const report = await api('/api/v1/policies/' + enc(policy.key) + '/gray-report');
      const chart = h('div', { class: 'chart', id: 'chart-gray-' + policy.key });
      const card = h('section', { class: 'card gray', dataset: { policy: policy.key } },
        h('h2', {}, t('gray.title', policy.key, policy.active ? policy.active.version : dash, policy.candidate.version)),
        h('p', { class: 'muted' }, t('gray.rollout', policy.candidate.percent,
          (policy.candidate.shops || []).length, (policy.candidate.buyers || []).length)));
      cards.push(card);
      if (!report.ok) {
        card.append(h('p', { class: 'error' }, problemText(report)));
        continue;
      }
      const byVersion = new Map(report.data.served.map(s => [s.version, s]));
      const active = policy.active && byVersion.get(policy.active.version);
      const candidate = byVersion.get(policy.candidate.version);
      const cell = (s, f) => h('td', { class: 'num' }, s ? f(s) : dash);
      const share = (n, d) => (d ? fmtShare(n / d) : dash);
      const rows = [
        ['gray.requests', s => s.requests], ['gray.instant', s => s.instant],
        ['gray.instantShare', s => share(s.instant, s.requests)],
        ['gray.otherWouldBeInstant', s => s.otherWouldBeInstant],
        ['gray.otherShare', s => share(s.otherWouldBeInstant, s.requests)], ['gray.disagreements', s => s.disagreements]];
      card.append(h('table', { class: 'side-by-side' },
        h('thead', {}, h('tr', {}, h('th', {}, ''),
          h('th', { class: 'num' }, t('gray.active', policy.active ? 'v' + policy.active.version : dash)),
          h('th', { class: 'num' }, t('gray.candidate', 'v' + policy.candidate.version)))),
        h('tbody', {}, rows.map(([key, f]) => h('tr', {}, h('th', {}, t(key)), cell(active, f), cell(candidate, f))))),
      h('div', { class: 'chart-box' }, chart, h('p', { class: 'chart-note muted', hidden: true })));
      card.dataset.ready = 'true';
      requestAnimationFrame(() => draw(chart, {
        color: PALETTE, tooltip: { trigger: 'axis' }, legend: { top: 0 },
        grid: { left: 40, right: 16, top: 32, bottom: 28 },
        xAxis: { type: 'category', data: [t('gray.requests'), t('gray.instant'), t('gray.disagreements')] },
        yAxis: { type: 'value', minInterval: 1 },
        series: [[t('gray.active', policy.active ? 'v' + policy.active.version : dash), active],
          [t('gray.candidate', 'v' + policy.candidate.version), candidate]].map(([name, s]) => ({ name, type: 'bar',
          data: s ? [s.requests, s.instant, s.disagreements] : [0, 0, 0] }))
      }, (active ? active.requests : 0) + (candidate ? candidate.requests : 0)));
    }
    $('#gray').replaceChildren(...cards);
  }

  // ---- operator: the ledger check and reconciliation ----
  function booksPage() {
    async function ledger() {
      const reply = await api('/api/v1/ledger/check');
      if (!reply.ok) return show($('#ledger-status'), problemText(reply));
      const check = reply.data;
      $('#ledger-status').textContent = check.balanced ? t('books.balanced') : t('books.unbalanced', check.violations.length);
      $('#ledger-status').className = 'verdict ' + (check.balanced ? 'ok' : 'bad');
      $('#ledger-status').dataset.balanced = String(check.balanced);
      $('#ledger-violations tbody').replaceChildren(...check.violations.map(v =>
        h('tr', {}, h('td', {}, v.rule), h('td', {}, v.subject), h('td', {}, v.detail))));
      $('#ledger-violations').hidden = !check.violations.length;
    }
    async function reconcile() {
      const params = new URLSearchParams();
      const from = fromLocalInput($('#recon-from').value), to = fromLocalInput($('#recon-to').value);
      if (from) params.set('from', from);
      if (to) params.set('to', to);
      const reply = await api('/api/v1/reconciliation' + (params.toString() ? '?' + params : ''));
      if (!reply.ok) return show($('#recon-message'), problemText(reply));
      show($('#recon-message'), '');
      const r = reply.data;
      $('#recon-status').textContent = r.clean ? t('books.clean') : t('books.notClean');
      $('#recon-status').className = 'verdict ' + (r.clean ? 'ok' : 'bad');
      $('#recon-status').dataset.clean = String(r.clean);
      $('#recon-summary').textContent = t('books.reconSummary', fmtDateTime(r.from), fmtDateTime(r.to), r.matched,
        r.gatewayRecords, r.ledgerPayouts);
      const groups = ['missingAtGateway', 'missingInLedger', 'amountMismatches', 'duplicates', 'inFlight'];
      $('#recon-lines tbody').replaceChildren(...groups.flatMap(group => (r[group] || []).map(line => h('tr', {},
        h('td', {}, t('books.' + group)), h('td', {}, line.refundId), h('td', {}, line.orderId),
        h('td', { class: 'num' }, fmtMoney(line.ledgerAmount)), h('td', { class: 'num' }, fmtMoney(line.gatewayAmount)),
        h('td', {}, line.note || '')))));
    }
    $('#recon-form').addEventListener('submit', event => { event.preventDefault(); reconcile(); });
    // The API reconciles a window of at most 31 days; the page starts with the last 24 hours.
    const now = new Date();
    $('#recon-from').value = toLocalInput(new Date(now.getTime() - 86400000));
    $('#recon-to').value = toLocalInput(new Date(now.getTime() + 60000));
    ledger();
    reconcile();
  }

  // ---- operator: the audit log ----
  function auditPage() {
    let page = 0;
    const size = 50;
    async function load() {
      const params = new URLSearchParams({ page: String(page), size: String(size) });
      const from = fromLocalInput($('#audit-from').value), to = fromLocalInput($('#audit-to').value);
      if (from) params.set('from', from);
      if (to) params.set('to', to);
      ['actor', 'subject'].forEach(name => { const v = $('#audit-' + name).value.trim(); if (v) params.set(name, v); });
      const reply = await api('/api/v1/audit?' + params);
      if (!reply.ok) return show($('#audit-message'), problemText(reply));
      show($('#audit-message'), reply.data.entries.length ? '' : t('audit.none'));
      $('#audit tbody').replaceChildren(...reply.data.entries.map(e => h('tr', {},
        h('td', {}, fmtDateTime(e.at)), h('td', {}, e.actor), h('td', {}, e.action), h('td', {}, e.subject),
        h('td', { class: 'detail' }, e.detail))));
      $('#audit-page').textContent = t('audit.page', page + 1);
      $('#audit-prev').disabled = page === 0;
      $('#audit-next').disabled = reply.data.entries.length < size;
    }
    $('#audit-form').addEventListener('submit', event => { event.preventDefault(); page = 0; load(); });
    $('#audit-prev').addEventListener('click', () => { page = Math.max(0, page - 1); load(); });
    $('#audit-next').addEventListener('click', () => { page += 1; load(); });
    load();
  }

  // ---- operator: the consumer-experience report ----
  function reportPage() {
    const fromInput = $('#report-from'), toInput = $('#report-to');
    function days(n) {
      const to = new Date();
      fromInput.value = toDateInput(new Date(to.getTime() - n * 86400000));
      toInput.value = toDateInput(to);
    }
    function range() {
      const from = new Date(fromInput.value + 'T00:00');
      const to = new Date(toInput.value + 'T00:00');
      to.setDate(to.getDate() + 1); // the "to" day is included
      return { from: from.toISOString(), to: new Date(Math.min(to.getTime(), Date.now())).toISOString() };
    }
    days(14);
    [7, 14, 30].forEach(n => $('#report-' + n).addEventListener('click', () => { days(n); load(); }));
    $('#report-form').addEventListener('submit', event => { event.preventDefault(); load(); });
    $('#report-print').addEventListener('click', () => window.print());
    $('#report-csv').addEventListener('click', async () => {
      const r = range();
      const reply = await api('/api/v1/reports/consumer-experience?from=' + enc(r.from) + '&to=' + enc(r.to),
        { accept: 'text/csv' });
      if (!reply.ok) return show($('#report-message'), problemText(reply));
      const link = h('a', { href: URL.createObjectURL(new Blob([reply.data], { type: 'text/csv' })),
        download: 'consumer-experience-' + fromInput.value + '-' + toInput.value + '.csv' });
      document.body.append(link);
      link.click();
      link.remove();
    });

    const chartIds = ['#chart-histogram', '#chart-channel-share', '#chart-repurchase', '#chart-policy'];
    async function load() {
      const r = range();
      const reply = await api('/api/v1/reports/consumer-experience?from=' + enc(r.from) + '&to=' + enc(r.to));
      if (!reply.ok || !reply.data || typeof reply.data !== 'object') {
        const why = t('report.unavailable', reply.status || t('error.network'));
        chartIds.forEach(id => unavailable($(id), why));
        $$('.tile .value').forEach(el => { el.textContent = dash; });
        show($('#report-message'), why);
        $('#report-message').dataset.state = 'unavailable';
        return;
      }
      const report = reply.data;
      show($('#report-message'), '');
      $('#report-message').dataset.state = 'loaded';
      show($('#report-window'), t('report.window', fmtDateTime(report.from), fmtDateTime(report.to)));
      const tiles = {
        'requested': report.refundsRequested, 'instant-share': fmtShare(report.instantShare),
        'instant-amount': fmtMoney(report.amountInstant) + ' / ' + fmtMoney(report.amountRequested),
        'p50': fmtMs(report.timeToMoneyP50Ms), 'p90': fmtMs(report.timeToMoneyP90Ms), 'p99': fmtMs(report.timeToMoneyP99Ms),
        'avoided': report.reviewsAvoided, 'deadline': report.reviewsDecidedAtDeadline,
        'response': fmtMs(report.merchantResponseP50Ms) + ' / ' + fmtMs(report.merchantResponseP90Ms),
        'repurchase': fmtShare(report.repurchaseRate7d)};
      Object.entries(tiles).forEach(([id, value]) => { $('#tile-' + id + ' .value').textContent = String(value); });

      const histogram = report.timeToMoneyHistogram || [];
      draw($('#chart-histogram'), {
        color: PALETTE.slice(1), tooltip: { trigger: 'axis' }, grid: { left: 48, right: 16, top: 16, bottom: 28 },
        xAxis: { type: 'category', data: histogram.map(b => b.upToMs === null ? '> ' + fmtMs(histogram[histogram.length - 2]
          ? histogram[histogram.length - 2].upToMs : 0) : '≤ ' + fmtMs(b.upToMs)) },
        yAxis: { type: 'value', minInterval: 1 },
        series: [{ name: t('report.paid'), type: 'bar', data: histogram.map(b => b.count) }]
      }, histogram.reduce((acc, b) => acc + b.count, 0) > 0 ? histogram.length : 0, 'svg');
      const channels = Object.entries(report.byChannel || {});
      draw($('#chart-channel-share'), {
        color: PALETTE, tooltip: { trigger: 'axis' }, legend: { top: 0 }, grid: { left: 48, right: 16, top: 32, bottom: 28 },
        xAxis: { type: 'category', data: channels.map(([name]) => name) },
        yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
        series: [
          { name: t('report.instantShare'), type: 'bar', data: channels.map(([, c]) => pct(c.instantShare)) },
          { name: t('report.repurchase'), type: 'bar', data: channels.map(([, c]) => pct(c.repurchaseRate7d)) }]
      }, channels.length, 'svg');
      draw($('#chart-repurchase'), {
        color: PALETTE.slice(2), tooltip: { trigger: 'axis' }, grid: { left: 48, right: 16, top: 16, bottom: 28 },
        xAxis: { type: 'category', data: [t('report.all'), t('report.instantRefunds'), t('report.reviewedRefunds')] },
        yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
        series: [{ name: t('report.repurchase'), type: 'bar', data: [pct(report.repurchaseRate7d),
          pct(report.repurchaseRate7dInstant), pct(report.repurchaseRate7dReviewed)] }]
      }, [report.repurchaseRate7d, report.repurchaseRate7dInstant, report.repurchaseRate7dReviewed]
        .filter(v => v !== null && v !== undefined).length, 'svg');
      const versions = report.byPolicyVersion || [];
      draw($('#chart-policy'), {
        color: PALETTE, tooltip: { trigger: 'axis' }, legend: { top: 0 }, grid: { left: 48, right: 16, top: 32, bottom: 28 },
        xAxis: { type: 'category', data: versions.map(v => v.policy + ' v' + v.version) },
        yAxis: { type: 'value', minInterval: 1 },
        series: [
          { name: t('report.requested'), type: 'bar', data: versions.map(v => v.refundsRequested) },
          { name: t('report.instant'), type: 'bar', data: versions.map(v => v.instantCount) }]
      }, versions.length, 'svg');

      const figureCells = f => [h('td', { class: 'num' }, f.refundsRequested), h('td', { class: 'num' }, fmtShare(f.instantShare)),
        h('td', { class: 'num' }, fmtMoney(f.amountInstant)), h('td', { class: 'num' }, fmtMs(f.timeToMoneyP50Ms)),
        h('td', { class: 'num' }, fmtMs(f.timeToMoneyP90Ms)), h('td', { class: 'num' }, fmtMs(f.timeToMoneyP99Ms)),
        h('td', { class: 'num' }, f.reviewsAvoided), h('td', { class: 'num' }, f.reviewsDecidedAtDeadline),
        h('td', { class: 'num' }, fmtShare(f.repurchaseRate7d))];
      $('#report-scopes tbody').replaceChildren(
        h('tr', { class: 'total' }, h('th', {}, t('report.all')), figureCells(report)),
        ...channels.map(([name, f]) => h('tr', {}, h('th', {}, name), figureCells(f))),
        ...versions.map(v => h('tr', {}, h('th', {}, v.policy + ' v' + v.version), figureCells(v))));
      $('#report-gray tbody').replaceChildren(...(report.grayComparison || []).flatMap(g => [
        h('tr', {}, h('th', {}, t('gray.active', g.policy + ' v' + (g.active ? g.active.version : dash))),
          g.active ? figureCells(g.active) : h('td', { colspan: 9 }, dash)),
        h('tr', {}, h('th', {}, t('gray.candidate', g.policy + ' v' + (g.candidate ? g.candidate.version : dash))),
          g.candidate ? figureCells(g.candidate) : h('td', { colspan: 9 }, dash))]));
      show($('#report-gray-none'), (report.grayComparison || []).length ? '' : t('gray.none'));
    }
    load();
  }
  const pct = share => (share === null || share === undefined ? null : Math.round(share * 1000) / 10);

  const PAGES = { buyer: buyerPage, merchant: merchantPage, live: livePage, gray: grayPage, books: booksPage,
    audit: auditPage, report: reportPage };

  document.addEventListener('DOMContentLoaded', () => {
    loadMessages();
    takeTokenFromFragment();
    const page = document.body.dataset.page;
    const needs = document.body.dataset.role;
    const jwt = token();
    const claims = jwt && claimsOf(jwt);
    if (page === 'signin') return signInPage(claims && !expired(claims) ? claims : null);
    if (!claims || expired(claims)) return signOut(jwt ? 'expired' : null);
    shell(claims);
    if (page === 'index') return location.replace(HOME[claims.role] || '/console/signin');
    if (needs && needs !== claims.role) {
      $('main').replaceChildren(h('section', { class: 'card' }, h('p', { class: 'error', id: 'not-for-role' },
        t('notForRole', t('role.' + claims.role)))));
      return;
    }
    document.body.dataset.ready = 'true';
    PAGES[page](claims);
  });
})();
