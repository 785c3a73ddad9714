// The demo portal's own script: what a council's website team would write around the widget.
// A real portal would send the referral to its back-end on hoth-submit (which re-checks it
// with the same rules: `hoth validate` / `hoth route`); this demo sends nothing anywhere.
const form = document.querySelector('hoth-referral');
const status = document.getElementById('portal-status');
const policy = document.getElementById('demo-policy');

policy?.addEventListener('change', () => form?.setAttribute('policy', policy.value));

document.addEventListener('hoth-submit', (event) => {
  const { decision } = event.detail;
  // The handshake: only a confirmation shows "sent" in the widget (and clears its draft).
  // A made-up demo reference; a real portal confirms with its own once its back-end has it.
  const reference = `DEMO-${Date.now().toString(36).toUpperCase()}`;
  event.detail.confirm?.(reference);
  if (status) {
    status.textContent = `Portal: referral received (demo only, nothing was sent). Recommended pathway: ${decision.pathway}.`;
  }
});
