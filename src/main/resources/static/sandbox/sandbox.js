const el = id => document.getElementById(id);
function cell(row, text, cls) { const td = document.createElement('td'); td.textContent = text; if (cls) td.className = cls; row.appendChild(td); }
async function refresh() {
  const r = await fetch('/api/sandbox', {credentials: 'same-origin'});
  if (!r.ok) { el('status').textContent = 'Could not load the sandbox (' + r.status + ')'; return; }
  const data = await r.json();
  const chips = el('channels'); chips.replaceChildren();
  for (const c of data.channels) {
    const s = document.createElement('span'); s.className = 'chip' + (c.sandboxed ? '' : ' live');
    s.textContent = c.channel + (c.sandboxed ? ': sandbox' : ': live provider'); chips.appendChild(s);
  }
  const body = el('outbound'); body.replaceChildren();
  for (const m of data.outbound) {
    const row = document.createElement('tr');
    cell(row, new Date(m.createdAt).toLocaleString()); cell(row, m.channel); cell(row, m.recipient || ''); cell(row, m.body, 'body');
    body.appendChild(row);
  }
}
el('simulate').addEventListener('submit', async e => {
  e.preventDefault();
  const payload = {channel: el('channel').value, from: el('from').value, name: el('name').value, text: el('text').value};
  const r = await fetch('/api/sandbox/inbound', {method: 'POST', credentials: 'same-origin',
    headers: {'Content-Type': 'application/json'}, body: JSON.stringify(payload)});
  const answer = await r.json().catch(() => ({}));
  el('status').className = r.ok ? '' : 'error';
  el('status').textContent = r.ok ? 'Stored in the inbox (' + answer.providerMessageId + ').' : (answer.detail || ('Error ' + r.status));
  if (r.ok) { el('text').value = ''; }
  refresh();
});
refresh();
setInterval(refresh, 3000);
