// Benchmark page script for the SurveyJS peer (bench/peer/surveyjs.html): builds the MARF
// survey from the screening catalogue, renders it, marks when the first page shows (its first
// question's title, as milliseconds since navigation start) and loads referrals into it for
// the harness. `Survey` and `SurveyUI` are the UMD globals of survey-core and survey-js-ui.
import { marfSurvey, surveyData } from '/bench/peer/marf-survey.js';

window.cspViolations = 0;
document.addEventListener('securitypolicyviolation', () => { window.cspViolations++; });

const container = document.getElementById('survey');
window.firstPage = new Promise((resolve) => {
  const check = () => {
    if (!container.querySelector('.sd-question__title')) return false;
    resolve(performance.now());
    return true;
  };
  const observer = new MutationObserver(() => { if (check()) observer.disconnect(); });
  observer.observe(container, { childList: true, subtree: true });
});
const catalogue = await (await fetch('/schemas/screening.json')).json();
const survey = new Survey.Model(marfSurvey(catalogue));
SurveyUI.renderSurvey(survey, container);
window.survey = survey;

/** Each referral as the survey's answers, prepared outside the timed loop. */
window.prepare = (referrals) => { window.prepared = referrals.map((r) => surveyData(r, catalogue)); };

// Load each prepared referral into the survey (its expressions recompute the level), check
// every page (SurveyJS's validation) and let it re-render: time to the next task.
window.loadReferrals = async () => {
  const times = [], levels = [];
  for (const data of window.prepared) {
    const t0 = performance.now();
    survey.data = data;
    survey.validate(false);
    levels.push(survey.getVariable('level'));
    await new Promise((resolve) => setTimeout(resolve, 0));
    times.push(performance.now() - t0);
  }
  return { times, levels };
};
