// The customer's side of a web chat conversation. The conversation id and token live in the URL fragment
// (never sent to the server in a request line) and in localStorage, so closing the page loses nothing.
(function () {
  const api = '/api/webchat/conversations';
  const startForm = document.getElementById('start');
  const section = document.getElementById('conversation');
  const list = document.getElementById('messages');
  const statusLine = document.getElementById('status');
  const replyForm = document.getElementById('reply');
  const identity = document.getElementById('identity');
  const identityText = document.getElementById('identity-text');
  const identityResult = document.getElementById('identity-result');
  let session = readSession();
  let timer;

  function readSession() {
    const params = new URLSearchParams(location.hash.slice(1));
    if (params.get('c') && params.get('t')) {
      const s = { id: params.get('c'), token: params.get('t') };
      localStorage.setItem('asyncdesk.chat', JSON.stringify(s));
      return s;
    }
    try { return JSON.parse(localStorage.getItem('asyncdesk.chat')); } catch (e) { return null; }
  }

  function showError(form, text) {
    const p = form.querySelector('.error');
    p.textContent = text;
    p.hidden = !text;
  }

  async function problem(response) {
    try { const body = await response.json(); return body.detail || body.title || response.statusText; }
    catch (e) { return response.statusText; }
  }

  const statusText = {
    NEW: 'Thank you! Your message has been received.',
    WAITING_FOR_AGENT: 'Thank you! An agent will answer you here and you may close this page meanwhile.',
    WAITING_FOR_CUSTOMER: 'We answered: write again if you need anything else.',
    RESOLVED: 'This conversation is resolved. Write again to reopen it.'
  };

  // The address the customer gave is only a claim until they use the link we e-mailed to it: until then the
  // agents see nothing of the account behind that address.
  function renderIdentity(data) {
    identity.hidden = !data.email || data.identityVerified;
    if (!identity.hidden) {
      identityText.textContent = 'We e-mailed a link to ' + data.email + '. Open it and confirm that this is your '
        + 'address: then our agents see your customer account (orders, earlier conversations) here. Until then they '
        + 'only see what you write in this chat.';
    }
  }

  function render(data) {
    renderIdentity(data);
    statusLine.textContent = statusText[data.status] || data.status;
    statusLine.className = 'status ' + data.status.toLowerCase().replace(/_/g, '-');
    statusLine.dataset.status = data.status;
    list.replaceChildren(...data.messages.map(m => {
      const li = document.createElement('li');
      li.className = m.direction;
      li.dataset.id = m.id;
      const meta = document.createElement('small');
      meta.textContent = (m.direction === 'agent' ? m.author + ' · ' : 'You · ') + new Date(m.sentAt).toLocaleString();
      li.append(meta, document.createTextNode(m.text));
      return li;
    }));
  }

  async function refresh() {
    const r = await fetch(api + '/' + encodeURIComponent(session.id) + '/messages',
      { headers: { Authorization: 'Bearer ' + session.token } });
    if (r.status === 404 || r.status === 401) {
      localStorage.removeItem('asyncdesk.chat');
      session = null;
      show();
      return;
    }
    if (r.ok) render(await r.json());
  }

  function show() {
    clearInterval(timer);
    if (session) {
      startForm.hidden = true;
      section.hidden = false;
      const link = location.origin + '/chat#c=' + session.id + '&t=' + session.token;
      document.getElementById('personal-link').value = link;
      if (location.hash.slice(1) !== 'c=' + session.id + '&t=' + session.token) {
        history.replaceState(null, '', '/chat#c=' + session.id + '&t=' + session.token);
      }
      refresh();
      timer = setInterval(refresh, 3000);
    } else {
      startForm.hidden = false;
      section.hidden = true;
    }
  }

  function leadingZeroBits(bytes) {
    let bits = 0;
    for (const b of bytes) {
      if (b === 0) { bits += 8; continue; }
      return bits + Math.clz32(b) - 24;
    }
    return bits;
  }

  // When the server asks for it (asyncdesk.webchat.challenge), a proof of work: a number whose SHA-256 with the
  // server's nonce starts with the asked zero bits. Costs this page a moment, a flood of conversations much more.
  async function challengeHeaders() {
    const r = await fetch('/api/webchat/challenge', { cache: 'no-store' });
    if (!r.ok) return {};
    const c = await r.json();
    if (!c.required) return {};
    const encoder = new TextEncoder();
    for (let i = 0; ; i++) {
      const answer = c.nonce + ':' + i;
      const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(answer)));
      if (leadingZeroBits(hash) >= c.bits) return { 'X-Asyncdesk-Challenge': answer };
    }
  }

  startForm.addEventListener('submit', async e => {
    e.preventDefault();
    showError(startForm, '');
    const f = new FormData(startForm);
    const body = { name: f.get('name'), email: f.get('email'), text: f.get('text'),
                   language: (navigator.language || 'en').slice(0, 2).toLowerCase() };
    const button = startForm.querySelector('button[type=submit]');
    button.disabled = true;
    let r;
    try {
      const headers = Object.assign({ 'Content-Type': 'application/json' }, await challengeHeaders());
      r = await fetch(api, { method: 'POST', headers, body: JSON.stringify(body) });
    } catch (err) {
      showError(startForm, 'Could not send your message; please try again.');
      return;
    } finally {
      button.disabled = false;
    }
    if (!r.ok) { showError(startForm, await problem(r)); return; }
    const opened = await r.json();
    session = { id: opened.conversationId, token: opened.token };
    localStorage.setItem('asyncdesk.chat', JSON.stringify(session));
    show();
  });

  replyForm.addEventListener('submit', async e => {
    e.preventDefault();
    showError(replyForm, '');
    const text = new FormData(replyForm).get('text');
    const r = await fetch(api + '/' + encodeURIComponent(session.id) + '/messages', {
      method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + session.token },
      body: JSON.stringify({ text })
    });
    if (!r.ok) { showError(replyForm, await problem(r)); return; }
    replyForm.reset();
    refresh();
  });

  document.getElementById('resend').addEventListener('click', async () => {
    const r = await fetch(api + '/' + encodeURIComponent(session.id) + '/confirmation', {
      method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + session.token },
      body: '{}'
    });
    identityResult.hidden = false;
    identityResult.textContent = r.status === 202 ? 'A new confirmation e-mail is on its way.' : await problem(r);
    refresh();
  });

  window.addEventListener('hashchange', () => { session = readSession(); show(); });
  show();
})();
