import { LinearMixedModel, sleepstudy } from '@em/mixed';
import { caterpillarSvg } from '@em/plot';

// lme4: fm1 <- lmer(Reaction ~ Days + (Days | Subject), sleepstudy)
const fit = new LinearMixedModel().fit(
  'Reaction ~ Days + (Days | Subject)',
  sleepstudy,
);
console.log(fit.summary());

// Each subject's own line: fixed effects + that subject's conditional modes (lme4's coef(fm1)).
const [subject] = fit.ranef();
const [intercept, slope] = fit.fixedEffects();
for (const l of [0, 1, 2]) {
  const [b0, b1] = subject!.values[l]!;
  console.log(
    `subject ${subject!.levels[l]}: intercept ${(intercept!.estimate + b0!).toFixed(2)}, slope ${(slope!.estimate + b1!).toFixed(3)} ms/day`,
  );
}

// Predictions for day 10: for subject 308, and for a new subject (fixed effects only).
const [p308, pNew] = [
  fit.predict({ Days: [10], Subject: ['308'] })[0]!,
  fit.predict({ Days: [10], Subject: ['new'] }, { random: false })[0]!,
];
console.log(
  `day 10: subject 308 ${p308.toFixed(2)} ms, a new subject ${pNew.toFixed(2)} ms`,
);

// ML fit and the likelihood-ratio test of the random slope against a random intercept only.
const ml = new LinearMixedModel({ reml: false });
const full = ml.fit('Reaction ~ Days + (Days | Subject)', sleepstudy);
const lrtFull = full.logLikelihood;
const aicFull = full.aic();
const small = new LinearMixedModel({ reml: false }).fit(
  'Reaction ~ Days + (1 | Subject)',
  sleepstudy,
);
console.log(
  `ML: logLik ${lrtFull.toFixed(2)} (AIC ${aicFull.toFixed(2)}) vs ${small.logLikelihood.toFixed(2)} (AIC ${small.aic().toFixed(2)}); LRT ${(2 * (lrtFull - small.logLikelihood)).toFixed(2)} on 2 df`,
);

// The caterpillar plot of the random slopes with 95% intervals (drawn in the guide).
const svg = caterpillarSvg(
  {
    levels: subject!.levels,
    values: subject!.values.map((v) => v[1]!),
    condSd: subject!.condSd.map((v) => v[1]!),
  },
  { title: 'Subject: random slopes (ms/day)', xLabel: 'Days' },
);
console.log(
  `caterpillar: ${subject!.levels.length} subjects drawn (${svg.length > 1000 ? 'svg' : 'missing'})`,
);
