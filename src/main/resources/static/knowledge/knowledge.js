// Paths are resolved against location.origin: when the login is part of the page address (user:password@host),
// fetch refuses URLs resolved against it.
const api = path => new URL(path, location.origin);
const el = id => document.getElementById(id);
let articles = [];
let shown = 'en';

function add(parent, tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (cls) e.className = cls;
  parent.appendChild(e);
  return e;
}

function showArticles() {
  const langs = el('languages'); langs.replaceChildren();
  for (const lang of ['en', 'de', 'bg']) {
    const count = articles.filter(a => a.language === lang).length;
    const b = add(langs, 'button', lang + ' (' + count + ')');
    b.type = 'button'; b.dataset.language = lang; b.setAttribute('aria-pressed', String(lang === shown));
    b.addEventListener('click', () => { shown = lang; showArticles(); });
  }
  const list = el('articles'); list.replaceChildren();
  for (const a of articles.filter(x => x.language === shown)) {
    const d = add(list, 'details'); d.dataset.article = a.id + '.' + a.language;
    add(add(d, 'summary'), 'span', a.id + ' — ' + a.title);
    if (a.questions.length) add(d, 'div', 'Example questions: ' + a.questions.join(' · '), 'questions');
    if (a.tags.length) add(d, 'div', 'Tags: ' + a.tags.join(', '), 'questions');
    add(d, 'div', a.body, 'answer');
  }
}

async function loadArticles() {
  const r = await fetch(api('/api/knowledge/articles'), {credentials: 'same-origin'});
  if (!r.ok) { el('articles').textContent = 'Could not load the articles (' + r.status + ')'; return; }
  articles = (await r.json()).articles;
  showArticles();
}

el('try').addEventListener('submit', async e => {
  e.preventDefault();
  const url = api('/api/knowledge/match');
  url.searchParams.set('text', el('question').value);
  url.searchParams.set('language', el('language').value);
  const r = await fetch(url, {credentials: 'same-origin'});
  const answer = await r.json().catch(() => ({}));
  const verdict = el('verdict');
  const table = el('matches');
  const rows = table.querySelector('tbody'); rows.replaceChildren();
  if (!r.ok) {
    verdict.className = 'error'; verdict.textContent = answer.detail || ('Error ' + r.status); table.hidden = true;
    return;
  }
  if (answer.autoAnswer) {
    verdict.className = 'auto';
    verdict.textContent = 'Would answer automatically with "' + answer.autoAnswer + '" (' + answer.language + ')';
  } else {
    verdict.className = 'person';
    verdict.textContent = 'Would go to a person: no article is clear enough (' + answer.language + ')';
  }
  for (const m of answer.matches) {
    const row = add(rows, 'tr'); row.dataset.article = m.id;
    add(row, 'td', m.id); add(row, 'td', m.title);
    const score = add(row, 'td');
    add(score, 'span', undefined, 'bar').style.width = Math.round(m.score * 6) + 'rem';
    add(score, 'span', m.score.toFixed(2), 'score');
  }
  table.hidden = answer.matches.length === 0;
  if (!answer.matches.length) verdict.textContent += ' — no article matches at all';
});

loadArticles();
