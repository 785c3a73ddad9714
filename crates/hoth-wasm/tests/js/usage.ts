// A typed use of the module's API: `tsc --strict --noEmit` must accept it (and reject the lines
// marked @ts-expect-error), so the generated types are complete and precise. Checked by
// api.test.mjs; never run.
import init, {
  loadPolicy,
  policies,
  route,
  schema,
  screeningCatalogue,
  validate,
  type Decision,
  type HothError,
  type Issue,
  type Outcome,
  type PolicySummary,
  type Referral,
  type RouteResult,
  type ScreeningCatalogue,
  type ValidationResult,
} from '../../../../npm/hoth/hoth.js';

export async function example(): Promise<string[]> {
  await init();

  // A draft: every field is optional, values are checked against the codes.
  const referral: Referral = {
    referralDate: '2026-03-10',
    child: { firstName: 'Sam', dateOfBirth: '2012-03-27', send: 'none' },
    concerns: { harmLocation: 'outside', harmTypes: ['criminal_exploitation'] },
    hoth: { screeningCompleted: true, indicators: ['missing_for_days'], missingEpisodes90d: 2 },
  };
  // @ts-expect-error: "maybe" is not a SEND code
  const wrongSend: Referral = { child: { send: 'maybe' } };
  void wrongSend;

  const checked: ValidationResult = validate(referral, 'wokingham', '2026-03-10');
  const issues: Issue[] = checked.issues;
  const messages = issues.map((issue) => `${issue.path} ${issue.code}: ${issue.message}`);
  validate(referral); // the policy and today are optional

  const result: RouteResult = route(referral, 'wokingham');
  if ('valid' in result) {
    // Not valid: the issues, no decision.
    messages.push(...result.issues.map((issue) => issue.code));
  } else {
    const decision: Decision = result;
    const first: Outcome | undefined = decision.outcomes[0];
    const level: 'none' | 'emerging' | 'moderate' | 'significant' = decision.level;
    // A safety default (999 in some packs) has no council citation: `basis` says which.
    const source = first?.basis === 'safety_default' ? "hoth's safety default" : first?.cite?.quote ?? '';
    const actor: 'referrer' | 'mash' | 'children_social_care' | 'police' | 'partnership' | undefined = first?.actor;
    messages.push(level, decision.pathway ?? 'no pathway', source, first?.due ?? '', actor ?? '');
  }

  try {
    loadPolicy('{"id": "x"}');
  } catch (thrown) {
    const error = thrown as HothError;
    if (error.code === 'invalid_policy') messages.push(`${error.rule ?? ''} ${error.field ?? ''} ${error.message}`);
  }
  const list: PolicySummary[] = policies();
  const id: string = loadPolicy(JSON.stringify({ id: 'copy', name: 'x', version: '1', source: [], rules: [] }));
  messages.push(id, ...list.map((p) => `${p.id} ${p.version} ${p.rules}`));

  const catalogue: ScreeningCatalogue = screeningCatalogue();
  messages.push(catalogue.indicators[0]?.question ?? '');
  schema('decision');
  // @ts-expect-error: not a schema name
  schema('decisions');
  // @ts-expect-error: route needs a policy id
  route(referral);
  return messages;
}
