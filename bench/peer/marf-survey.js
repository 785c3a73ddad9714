// The peer: hoth's Multi-Agency Referral Form rebuilt with SurveyJS (survey-core), for the
// side-by-side benchmarks only (never shipped). The same pages and questions as the
// <hoth-referral> widget (crates/hoth-ui/src/form.rs and pages/), with SurveyJS's own logic:
// `visibleIf` for the "Call 999 now" panel, the consent reason and the harm-outside-the-home
// pages, and calculated values (expressions) for the screening tool's level, built from the
// same catalogue (schemas/screening.json) with the same thresholds as hoth-core's screening:
// significant if any significant sign or 3+ moderate; moderate if any moderate or 3+
// emerging; emerging if any emerging; at least moderate for a child under 13 or with SEND
// when a grooming sign or a sexual-health sign is ticked; "missing repeatedly" counts when
// there were 3+ missing episodes in 90 days; professional judgement can only raise it.

const yesNo = [{ value: true, text: 'Yes' }, { value: false, text: 'No' }];
const c = (value, text) => ({ value, text });
const SEND = [c('none', 'No'), c('sen_support', 'Yes, SEN support'), c('ehcp', 'Yes, with an education, health and care plan (EHCP)'), c('unknown', 'I do not know')];
const CARE = [c('none', 'No'), c('child_in_care', 'Yes, they are a child in care'), c('care_leaver', 'Yes, they are a care leaver')];
const OPEN = [c('none', 'No'), c('early_help', 'Yes, Early Help'), c('child_in_need', 'Yes, a Child in Need plan'), c('child_protection', 'Yes, a Child Protection plan'), c('child_in_care', 'Yes, they are in care'), c('unknown', 'I do not know')];
const AGENCY = [c('school', 'School, college or early years setting'), c('police', 'Police'), c('health', 'Health'), c('early_help', 'Early Help'), c('social_care', "Children's social care"), c('youth_justice', 'Youth justice'), c('voluntary', 'Voluntary or community organisation'), c('housing', 'Housing'), c('other', 'Other')];
const CONSENT = [c('given', 'Yes, consent was given'), c('refused', 'No, consent was refused'), c('not_sought', 'No, I did not ask for consent')];
const LOCATION = [c('outside', 'Outside the home'), c('inside', 'Inside the home'), c('both', 'Both inside and outside the home'), c('unsure', "I'm not sure")];
const HARMS = [c('criminal_exploitation', 'Criminal exploitation'), c('sexual_exploitation', 'Sexual exploitation'), c('serious_youth_violence', 'Serious youth violence'), c('peer_abuse', 'Abuse by other young people'), c('trafficking', 'Trafficking'), c('modern_slavery', 'Modern slavery'), c('radicalisation', 'Radicalisation'), c('online_harm', 'Online harm'), c('missing', 'Going missing'), c('familial_abuse_or_neglect', 'Abuse or neglect in the family'), c('other', 'Something else')];
const CONTEXT_KIND = [c('place', 'A place'), c('peer_group', 'A group of young people'), c('school', 'A school or college'), c('online', 'Online, an app or game'), c('transport', 'Transport, for example a bus route or station'), c('business', 'A business, for example a takeaway or car wash')];
const LEVELS = [c('none', 'No concerns found (level 1)'), c('emerging', 'Emerging (level 2)'), c('moderate', 'Moderate (level 3)'), c('significant', 'Significant (level 4)')];
const FLOOR = ['controlling_older_partner', 'picked_up_by_unknown_adults', 'talking_to_unknown_adults_online', 'given_drugs_by_older_people'];

const text = (name, title, extra = {}) => ({ type: 'text', name, title, isRequired: true, ...extra });
const optional = (q) => ({ ...q, isRequired: false });
const radios = (name, title, choices) => ({ type: 'radiogroup', name, title, choices, isRequired: true });
const yes = (name, title) => ({ type: 'boolean', name, title, isRequired: true, labelTrue: 'Yes', labelFalse: 'No' });
const hoth = "{harmLocation} anyof ['outside', 'both', 'unsure']";
const danger = {
  type: 'html', name: 'danger', visibleIf: '{immediateDanger} = true',
  html: '<div role="alert"><h2>Call 999 now</h2><p>The child is in immediate danger. Call the police on 999 before you do anything else. You can finish this referral afterwards: your answers are kept.</p><p>If you cannot speak, call 999 and press 55 when asked, or text 999 if you have registered for emergency SMS.</p></div>',
};

/** The survey JSON for the MARF, from the screening catalogue. */
export function marfSurvey(catalogue) {
  const byCategory = (id) => catalogue.indicators.filter((i) => i.category === id);
  const question = (id) => `screen_${id}`;
  // The ticked signs of one weight: one term per sign, SurveyJS expressions only.
  const count = (weight) => catalogue.categories.flatMap((cat) => byCategory(cat.id)
    .filter((i) => i.weight === weight)
    .map((i) => i.id === 'missing_repeatedly'
      ? `iif({${question(cat.id)}} contains '${i.id}' or {missingEpisodes90d} >= 3, 1, 0)`
      : `iif({${question(cat.id)}} contains '${i.id}', 1, 0)`)).join(' + ') || '0';
  const floorSigns = catalogue.categories.flatMap((cat) => byCategory(cat.id)
    .filter((i) => FLOOR.includes(i.id)).map((i) => `{${question(cat.id)}} contains '${i.id}'`));
  const rank = (l) => `iif(${l} = 'significant', 4, iif(${l} = 'moderate', 3, iif(${l} = 'emerging', 2, 1)))`;
  const screening = catalogue.categories.map((cat) => ({
    type: 'checkbox', name: question(cat.id), title: cat.title, isRequired: false,
    choices: byCategory(cat.id).map((i) => c(i.id, i.question)),
  }));
  return {
    title: 'Multi-Agency Referral Form',
    showProgressBar: 'top',
    showPreviewBeforeComplete: 'showAnsweredQuestions',
    checkErrorsMode: 'onValueChanged',
    calculatedValues: [
      { name: 'emerging', expression: count('emerging') },
      { name: 'moderate', expression: count('moderate') },
      { name: 'significant', expression: count('significant') },
      { name: 'young', expression: "age({dateOfBirth}) < 13 or {expectedDueDate} notempty or {send} anyof ['sen_support', 'ehcp']" },
      { name: 'floorSign', expression: `{${question('sexual_health')}} notempty or ${floorSigns.join(' or ') || 'false'}` },
      { name: 'computed', expression: "iif({significant} > 0 or {moderate} >= 3, 'significant', iif({moderate} > 0 or {emerging} >= 3 or ({young} and {floorSign}), 'moderate', iif({emerging} > 0, 'emerging', 'none')))" },
      { name: 'level', expression: `iif(${rank('{judgementLevel}')} > ${rank('{computed}')}, {judgementLevel}, {computed})` },
    ],
    pages: [
      { name: 'child', title: 'About the child', elements: [danger,
        text('firstName', 'First name'), text('lastName', 'Last name'),
        optional(text('otherNames', 'Other names they are known by', { description: 'For example a nickname or a previous surname' })),
        text('dateOfBirth', 'Date of birth', { inputType: 'date', isRequired: false, requiredIf: '{expectedDueDate} empty' }),
        optional(text('expectedDueDate', 'Expected due date', { inputType: 'date' })),
        optional(text('gender', 'Gender')), optional(text('ethnicity', 'Ethnicity')), optional(text('firstLanguage', 'First language')),
        optional(yes('interpreterNeeded', 'Do they or their family need an interpreter?')),
        text('line1', 'Address line 1'), optional(text('line2', 'Address line 2')), text('town', 'Town or city'),
        optional(text('postcode', 'Postcode', { validators: [{ type: 'regex', regex: '^[A-Za-z]{1,2}[0-9][A-Za-z0-9]? ?[0-9][A-Za-z]{2}$', text: 'Enter a real postcode' }] })),
        optional(text('nhsNumber', 'NHS number', { description: '10 digits, like 943 476 5919', validators: [{ type: 'regex', regex: '^[0-9 ]{10,12}$' }] })),
        optional(text('localId', 'Council case reference')), optional(text('schoolOrSetting', 'School, college or setting')),
        radios('send', 'Do they have special educational needs or disabilities (SEND)?', SEND),
        radios('careStatus', 'Are they in care, or a care leaver?', CARE),
        radios('openCase', "Are they already getting help from children's services?", OPEN),
      ] },
      { name: 'household', title: "The child's household", elements: [danger, {
        type: 'paneldynamic', name: 'household', title: 'People who live with the child or are important to them',
        panelAddText: 'Add a person', minPanelCount: 0, templateTitle: 'Person {panelIndex}',
        templateElements: [text('name', 'Full name'), optional(text('relationship', 'Relationship to the child')),
          optional(text('dateOfBirth', 'Date of birth', { inputType: 'date' })),
          optional(yes('parentalResponsibility', 'Do they have parental responsibility?')), optional(yes('livesWithChild', 'Do they live with the child?'))],
      }] },
      { name: 'referrer', title: 'About you', elements: [danger,
        text('referrerName', 'Your full name'), text('role', 'Your role'), text('organisation', 'Your organisation'),
        radios('agency', 'What kind of organisation is it?', AGENCY),
        text('email', 'Email address', { inputType: 'email', validators: [{ type: 'email' }] }),
        text('phone', 'Phone number', { inputType: 'tel', validators: [{ type: 'regex', regex: '^[0-9 +()]{10,16}$' }] }),
      ] },
      { name: 'consent', title: 'Consent', elements: [danger,
        yes('parentsAware', "Do the child's parents or carers know about this referral?"),
        radios('consent', 'Did the parents or carers agree to the referral?', CONSENT),
        { type: 'comment', name: 'reasonNotSought', title: 'Why was consent not given or not asked for?', isRequired: true, visibleIf: "{consent} anyof ['refused', 'not_sought']" },
      ] },
      { name: 'concerns', title: 'What has happened', elements: [danger,
        yes('immediateDanger', 'Is the child in immediate danger now?'),
        { type: 'comment', name: 'summary', title: 'What has happened?', isRequired: true, validators: [{ type: 'text', minLength: 20 }] },
        { type: 'checkbox', name: 'harmTypes', title: 'What kinds of harm are you worried about?', choices: HARMS, isRequired: true },
        { type: 'radiogroup', name: 'predominantHarm', title: 'What is the main harm?', choicesFromQuestion: 'harmTypes', choicesFromQuestionMode: 'selected', visibleIf: '{harmTypes.length} > 1', isRequired: true },
        { type: 'comment', name: 'childsViews', title: 'What does the child say?' },
        { type: 'comment', name: 'actionTaken', title: 'What have you done about it so far?' },
      ] },
      { name: 'location', title: 'Where the harm is happening', elements: [danger, radios('harmLocation', 'Where is the harm happening?', LOCATION)] },
      { name: 'screening', title: 'Screening tool', visibleIf: hoth, elements: [danger,
        ...screening,
        { type: 'text', name: 'missingEpisodes90d', title: 'How many times have they gone missing in the last 90 days?', inputType: 'number', min: 0 },
        { type: 'expression', name: 'screeningLevel', title: 'Level from the screening tool', expression: '{computed}' },
        { type: 'dropdown', name: 'judgementLevel', title: 'In your professional judgement, is the level higher?', choices: LEVELS },
        { type: 'comment', name: 'judgementReason', title: 'Why do you think the level is higher?', isRequired: true, visibleIf: '{judgementLevel} notempty' },
        yes('screeningCompleted', 'Did you go through every question of the screening tool?'),
      ] },
      { name: 'contexts', title: 'Places, groups and people of concern', visibleIf: hoth, elements: [danger,
        { type: 'paneldynamic', name: 'contexts', title: 'Places and groups', panelAddText: 'Add a place or group', templateElements: [
          radios('kind', 'What kind of place or group is it?', CONTEXT_KIND), text('name', 'Name or location'),
          { type: 'comment', name: 'description', title: 'What happens there?' }, optional(yes('otherChildrenAffected', 'Are other children harmed or at risk there?'))] },
        { type: 'paneldynamic', name: 'associates', title: 'People of concern', panelAddText: 'Add a person of concern', templateElements: [
          optional(text('knownName', 'Name or nickname, if known')), { type: 'comment', name: 'description', title: 'Describe them' },
          optional(text('approxAge', 'Approximate age', { inputType: 'number' })), optional(text('relationship', 'How do they know the child?'))] },
      ] },
      { name: 'agencies', title: 'Other agencies', elements: [danger,
        { type: 'paneldynamic', name: 'agencies', title: 'Agencies working with the child', panelAddText: 'Add an agency', templateElements: [
          text('name', 'Agency or service'), optional(text('role', 'What they do for the child')), optional(text('contact', 'Contact name, phone or email'))] },
        { type: 'comment', name: 'workerSafety', title: 'Is there any risk to someone visiting the child or family?' },
      ] },
    ],
  };
}

/** A hoth referral as this survey's answers (flat names), to load it with `survey.data`. */
export function surveyData(referral, catalogue) {
  const child = referral.child ?? {}, referrer = referral.referrer ?? {}, consent = referral.consent ?? {};
  const concerns = referral.concerns ?? {}, h = referral.hoth ?? {};
  const data = {
    ...child, ...(child.address ?? {}), referrerName: referrer.name, role: referrer.role,
    organisation: referrer.organisation, agency: referrer.agency, email: referrer.email, phone: referrer.phone,
    ...consent, ...concerns, household: referral.household ?? [], agencies: referral.agencies ?? [],
    workerSafety: referral.workerSafety, contexts: h.contexts ?? [], associates: h.associates ?? [],
    missingEpisodes90d: h.missingEpisodes90d, screeningCompleted: h.screeningCompleted,
    judgementLevel: h.professionalJudgement?.level, judgementReason: h.professionalJudgement?.reason,
  };
  delete data.address;
  for (const cat of catalogue.categories) {
    const ticked = (h.indicators ?? []).filter((id) => catalogue.indicators.some((i) => i.id === id && i.category === cat.id));
    if (ticked.length) data[`screen_${cat.id}`] = ticked;
  }
  for (const key of Object.keys(data)) if (data[key] === undefined || data[key] === null) delete data[key];
  return data;
}
