# A three-level nested design for @em/mixed, y ~ x + (1 | region/school/class), simulated here and
# fitted by lme4 (Debian r-cran-lme4), ML and REML: the reference of the nested engine at depth 3.
#
# Run: Rscript packages/mixed/scripts/make-nested3-fixture.R   (lme4 1.1-31; no other package)
# Writes packages/mixed/test/fixtures/nested3.json: the data (so the tests need no R) and both fits.
# Unbalanced on purpose (2–4 schools per region, 1–3 classes per school, 2–6 pupils per class), and
# class labels reused across schools, as lme4's class:school:region levels must tell them apart.
suppressPackageStartupMessages(library(lme4))
set.seed(20261201)

rows <- list()
for (r in 1:9) {
  b_region <- rnorm(1, sd = 1.2)
  for (s in seq_len(2 + r %% 3)) {
    b_school <- rnorm(1, sd = 0.7)
    for (k in seq_len(1 + (r + s) %% 3)) {
      b_class <- rnorm(1, sd = 0.5)
      for (i in seq_len(2 + (r * s + k) %% 5)) {
        x <- runif(1, -2, 2)
        y <- 2 + 0.6 * x + b_region + b_school + b_class + rnorm(1, sd = 0.4)
        rows[[length(rows) + 1]] <- data.frame(
          y = y, x = x, region = sprintf("r%d", r), school = sprintf("s%d", s), class = sprintf("c%d", k)
        )
      }
    }
  }
}
d <- do.call(rbind, rows)

num <- function(x) paste0("[", paste(sprintf("%.17g", x), collapse = ","), "]")
str_ <- function(x) paste0("[", paste0('"', as.character(x), '"', collapse = ","), "]")
obj <- function(...) {
  a <- list(...)
  paste0("{", paste0('"', names(a), '":', unlist(a), collapse = ","), "}")
}
arr <- function(items) paste0("[", paste(items, collapse = ","), "]")

ctrl <- lmerControl(
  optimizer = "nloptwrap",
  optCtrl = list(xtol_abs = 1e-14, ftol_abs = 1e-15, xtol_rel = 1e-13, ftol_rel = 1e-15, maxeval = 1e5),
  calc.derivs = FALSE
)
formula <- "y ~ x + (1 | region/school/class)"
fit_json <- function(reml) {
  m <- lmer(as.formula(formula), data = d, REML = reml, control = ctrl)
  co <- summary(m)$coefficients
  vc <- VarCorr(m)
  re <- ranef(m, condVar = TRUE)
  groups <- lapply(names(vc), function(g) {
    pv <- attr(re[[g]], "postVar")
    obj(
      group = paste0('"', g, '"'),
      variance = num(as.numeric(vc[[g]])),
      levels = str_(rownames(re[[g]])),
      blups = num(re[[g]][, 1]),
      condsd = num(sqrt(pv[1, 1, ]))
    )
  })
  obj(
    reml = tolower(as.character(reml)),
    fixedNames = str_(rownames(co)),
    fixed = num(co[, 1]),
    se = num(co[, 2]),
    sigma = num(sigma(m)),
    groups = arr(unlist(groups)),
    logLik = num(as.numeric(logLik(m)))
  )
}

here <- dirname(sub("--file=", "", grep("--file=", commandArgs(FALSE), value = TRUE)))
writeLines(
  obj(
    lme4 = paste0('"', as.character(packageVersion("lme4")), '"'),
    formula = paste0('"', formula, '"'),
    data = obj(y = num(d$y), x = num(d$x), region = str_(d$region), school = str_(d$school), class = str_(d$class)),
    fits = arr(c(fit_json(TRUE), fit_json(FALSE)))
  ),
  file.path(here, "..", "test", "fixtures", "nested3.json")
)
