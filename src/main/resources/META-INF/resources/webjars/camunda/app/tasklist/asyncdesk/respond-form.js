// Canned responses in the agent form (forms/respond.form): choosing one of the options of the radio field labelled
// "Canned response" copies its text (placeholders already filled by Asyncdesk, in the conversation's language) into
// the reply box, where the agent edits it before sending. Camunda Forms has no "copy into another field" feature,
// so this script does what a user would: it sets the text and fires an input event, so the form's state follows.
// The options come from the task variable "cannedResponses" ([{label, value}]); form-js keeps option values out of
// the DOM, so the script reads them through Tasklist's own engine API.
const setTextareaValue = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value').set;
const cache = new Map();

function currentTaskId() {
  const query = location.hash.includes('?') ? location.hash.slice(location.hash.indexOf('?') + 1) : '';
  return new URLSearchParams(query).get('task');
}

async function cannedResponses(taskId) {
  if (!cache.has(taskId)) {
    const base = document.querySelector('base').getAttribute('engine-api') || '/camunda/api/engine/';
    const url = base + 'engine/default/task/' + encodeURIComponent(taskId) + '/variables/cannedResponses?deserializeValue=false';
    cache.set(taskId, fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(r => (r.ok ? r.json() : { value: '[]' }))
      .then(v => { const list = typeof v.value === "string" ? JSON.parse(v.value) : v.value; return Array.isArray(list) ? list : []; }));
  }
  return cache.get(taskId);
}

function isCannedField(field) {
  const label = field && field.querySelector('.fjs-form-field-label');
  return !!label && /canned/i.test(label.textContent);
}

function replyBox(form) {
  return [...form.querySelectorAll('.fjs-form-field-textarea')]
    .filter(f => /reply to the customer/i.test(f.textContent))
    .map(f => f.querySelector('textarea'))[0];
}

// why the last choice could not be copied, for whoever supports the agent (visible in the page's DOM)
function report(state) {
  document.body.dataset.asyncdeskCanned = state;
}

document.addEventListener('click', async event => {
  const input = event.target;
  if (!(input instanceof HTMLInputElement) || input.type !== 'radio') return;
  const field = input.closest('.fjs-form-field');
  if (!isCannedField(field)) return;
  const index = Number((input.id.match(/-(\d+)$/) || [])[1]);
  const taskId = currentTaskId();
  const form = input.closest('.fjs-form');
  const target = form && replyBox(form);
  if (!taskId || Number.isNaN(index) || !target) {
    report('no task, option or reply box found');
    return;
  }
  try {
    const options = await cannedResponses(taskId);
    const option = options[index];
    if (!option) {
      report('no option ' + index + ' among ' + options.length);
      return;
    }
    setTextareaValue.call(target, option.value);
    target.dispatchEvent(new Event('input', { bubbles: true }));
    target.focus();
    report('copied ' + index);
  } catch (e) {
    cache.delete(taskId);
    report('failed: ' + e);
  }
}, true);

export default [];
