// The demo portal's own script: what a council's website team would write around the widget.
//
// On hoth-submit the portal does what a real one must: it never trusts what the browser
// worked out, so it posts the referral to its own back-end, which re-checks it with the same
// core and policy pack (hoth-server, `POST /v1/route`; `./x serve` proxies `/api/` to it, so
// this stays same-origin under the CSP). It compares the back-end's decision with the one the
// form showed (`event.detail.decision`) and shows the result with the back-end's check
// reference. The demo stores nothing: hoth-server keeps no state, and nothing is saved here.
//
// The widget's submit is a handshake: the portal calls `event.preventDefault()` at once ("I
// will answer"), then `event.detail.confirm(reference)` once the back-end has re-checked the
// referral, or `event.detail.fail(message)` when it has not. Only a confirmation shows "sent"
// in the widget and clears its draft.
const form = document.querySelector('hoth-referral');
const status = document.getElementById('portal-status');
const policy = document.getElementById('demo-policy');

/** The back-end re-check, through the portal's own origin. */
const ROUTE_ENDPOINT = 'api/v1/route';

policy?.addEventListener('change', () => form?.setAttribute('policy', policy.value));

/** JSON with object keys sorted, so two decisions compare by content, not key order. */
function canonical(value) {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function say(text, state) {
  if (!status) return;
  status.textContent = text;
  status.dataset.state = state;
}

/** Post the referral to the back-end: resolves to { decision, reference } or throws an Error
 * with a message for the page. */
async function recheck(referral, policyId) {
  let response;
  try {
    response = await fetch(`${ROUTE_ENDPOINT}?policy=${encodeURIComponent(policyId)}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(referral),
      credentials: 'same-origin',
    });
  } catch {
    throw new Error('the council\'s back-end could not be reached');
  }
  let body = null;
  try {
    body = await response.json();
  } catch {
    // not JSON: reported below by status
  }
  if (response.status === 422 && body?.valid === false) {
    const codes = (body.issues ?? []).map((i) => `${i.path} (${i.code})`).join(', ');
    throw new Error(`the council's back-end found the referral not valid: ${codes}`);
  }
  if (!response.ok || !body) {
    const detail = body?.error?.message ?? `status ${response.status}`;
    throw new Error(`the council's back-end could not check the referral: ${detail}`);
  }
  return { decision: body, reference: response.headers.get('Hoth-Reference') ?? '' };
}

document.addEventListener('hoth-submit', async (event) => {
  // The handshake: "I will answer" (the answer comes after the back-end's check, not now).
  event.preventDefault();
  const { referral, decision } = event.detail ?? {};
  const confirm = typeof event.detail?.confirm === 'function' ? event.detail.confirm : null;
  const fail = typeof event.detail?.fail === 'function' ? event.detail.fail : null;
  const policyId = form?.getAttribute('policy') ?? decision?.policy?.id ?? '';
  say(`Portal: the form recommends pathway ${decision?.pathway ?? 'none'}; checking the referral with the council's back-end ...`, 'checking');
  try {
    const checked = await recheck(referral, policyId);
    const same = canonical(checked.decision) === canonical(decision);
    if (!same) {
      throw new Error(`the council's back-end recommends ${checked.decision.pathway ?? 'no pathway'}, `
        + `the form showed ${decision?.pathway ?? 'no pathway'}: the referral was not accepted`);
    }
    say(`Portal: the council's back-end re-checked the referral and recommends the same route as the form `
      + `(pathway ${checked.decision.pathway ?? 'none'}). Check reference ${checked.reference}. `
      + 'Demo only: nothing was stored.', 'same');
    if (status) status.dataset.reference = checked.reference;
    confirm?.(checked.reference);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    say(`Portal: ${message}. Demo only: nothing was stored.`, 'failed');
    fail?.(message);
  }
});
