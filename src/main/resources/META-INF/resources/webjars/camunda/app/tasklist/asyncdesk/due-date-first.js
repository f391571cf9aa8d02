// Asyncdesk: Tasklist lists tasks newest first unless the address says otherwise. Agents answer by SLA due, so
// a list without an explicit order gets "due date, soonest first"; an order the agent picks in the list's sort
// menu is kept.
const DUE_DATE_FIRST = encodeURIComponent(JSON.stringify([{sortBy: 'dueDate', sortOrder: 'asc'}]));

function dueDateFirst() {
  const hash = window.location.hash || '';
  const isTaskList = hash === '#/' || hash.startsWith('#/?');
  if (!isTaskList || /[?&]sorting=/.test(hash)) {
    return;
  }
  const next = hash + (hash.includes('?') ? '&' : '?') + 'sorting=' + DUE_DATE_FIRST;
  window.location.replace(window.location.pathname + window.location.search + next);
}

window.addEventListener('hashchange', dueDateFirst);
dueDateFirst();

export default [];
