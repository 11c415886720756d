# Fixtures from R's ltm (Rizopoulos 2006) for test/ltm.test.ts. Writes test/fixtures/ltm.json.
#
#   Rscript packages/irt/scripts/make-ltm-fixtures.R [<library where ltm is installed>]
#
# ltm is no longer in Debian: scripts/install-ltm.sh installs it from its source into a local library
# (default /tmp/ltm-lib). The tests read only the committed JSON, never R.
args <- commandArgs(trailingOnly = TRUE)
lib <- if (length(args) >= 1) args[1] else "/tmp/ltm-lib"
.libPaths(c(lib, .libPaths()))
suppressMessages(library(ltm))
here <- (function() {
  file <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
  dirname(normalizePath(file))
})()

# Responses as 0-based integer codes (ltm's factors become their level index − 1).
codes <- function(data) unname(sapply(data, function(x) as.integer(x) - if (is.factor(x)) 1L else 0L))

# Everything ltm reports about a fit, at full precision. `irt` is coef() (the difficulty–discrimination
# form ltm prints); `se` the standard errors summary() prints for those; max.sc is max |score| at the end.
# coef() of grm and gpcm fits rounds to 3 decimals: take the same values unrounded (a gpcm fit with
# IRT.param = TRUE stores them as its coefficients).
irtParameters <- function(m) {
  if (inherits(m, "grm")) return(do.call(rbind, ltm:::IRT.parm(m)$parms))
  if (inherits(m, "gpcm")) return(do.call(rbind, m$coefficients))
  coef(m)
}

describe <- function(m) {
  s <- summary(m)
  cf <- irtParameters(m)
  list(
    call = deparse(m$call),
    logLik = m$log.Lik,
    AIC = s$AIC,
    BIC = s$BIC,
    maxAbsScore = m$max.sc,
    convergence = m$convergence,
    counts = unname(as.list(m$counts)),
    quadraturePoints = m$control$GHk,
    irt = unname(lapply(seq_len(nrow(cf)), function(j) unname(cf[j, ]))),
    irtNames = colnames(cf),
    se = if (is.list(s$coefficients) && !is.data.frame(s$coefficients)) {
      unname(lapply(s$coefficients, function(tab) if ("std.err" %in% colnames(tab)) unname(tab[, "std.err"]) else NULL))
    } else {
      unname(s$coefficients[, "std.err"])
    },
    seNames = if (is.list(s$coefficients) && !is.data.frame(s$coefficients)) NULL else rownames(s$coefficients)
  )
}

# factor.scores for every observed pattern: EB = MAP with SE from the curvature, EAP with posterior SD.
scores <- function(m, method) {
  fs <- factor.scores(m, method = method)$score.dat
  p <- ncol(fs) - 4 # Obs, Exp, z1, se.z1 follow the items
  list(method = method, patterns = unname(as.matrix(fs[, seq_len(p)])), z1 = fs$z1, se = fs$se.z1)
}

# information(): area under the test (and each item's) information curve over a range, and over (−10, 10).
info <- function(m, range) {
  p <- ncol(m$X)
  total <- information(m, range)
  list(
    range = range,
    infoRange = total$InfoRange,
    infoTotal = total$InfoTotal,
    itemInfoRange = sapply(seq_len(p), function(j) information(m, range, items = j)$InfoRange)
  )
}

# Refits from the previous solution until ltm's own convergence check is met tightly (max |score| <
# 1e-6): ltm's optimisers stop on a relative change of the objective, short of its maximum.
refit <- function(m, fit) {
  for (i in 1:20) {
    if (m$max.sc < 1e-6) break
    m <- fit(m$coefficients)
  }
  m
}

# The delta-method standard errors of grm's extremity parameters b_k = β_k / a, from ltm's own Hessian
# (in its optimisation parameters: β_1, log(β_k − β_{k−1}), a), with the full Jacobian. ltm's
# IRT.parm() transforms only the threshold block of the covariance and leaves the threshold–slope
# covariances on the log-increment scale, which gets every b_k but the first wrong.
grmDeltaSE <- function(m) {
  V <- ginv(m$hessian)
  ncatg <- sapply(m$coefficients, length)
  ends <- cumsum(ncatg)
  starts <- ends - ncatg + 1
  unname(lapply(seq_along(ncatg), function(i) {
    idx <- starts[i]:ends[i]
    beta <- m$coefficients[[i]]
    K <- length(beta) # K − 1 thresholds, then a
    a <- beta[K]
    # d beta_k / d theta: theta = (beta_1, log increments…, a)
    Jb <- diag(K)
    for (k in seq_len(K - 1)) for (l in seq_len(k)) Jb[k, l] <- if (l == 1) 1 else exp(log(beta[l] - beta[l - 1]))
    # d (beta_k / a, a) / d beta
    Jg <- diag(K)
    for (k in seq_len(K - 1)) { Jg[k, k] <- 1 / a; Jg[k, K] <- -beta[k] / a^2 }
    J <- Jg %*% Jb
    sqrt(diag(J %*% V[idx, idx] %*% t(J)))
  }))
}

set.seed(1)
lsat <- codes(LSAT)
patterns <- unique(lsat)
freq <- apply(patterns, 1, function(r) sum(apply(lsat, 1, function(x) all(x == r))))

rasch1 <- rasch(LSAT)
ltm2 <- ltm(LSAT ~ z1)
# The same model with 500 EM iterations before ltm's BFGS instead of its default 40 (see ltm.test.ts).
ltm2em500 <- ltm(LSAT ~ z1, control = list(iter.em = 500))
ltm2restart <- ltm(LSAT ~ z1, start.val = ltm2$coefficients)
tpm3 <- tpm(LSAT)
tpm3nlminb <- tpm(LSAT, control = list(optimizer = "nlminb"))
# The 3PL likelihood of LSAT is flat with guessing estimates on the boundary: ltm's best of 40 random
# starts (20 for each of its optimisers).
tpm3best <- NULL
for (i in 1:20) for (opt in c("optim", "nlminb")) {
  m <- suppressWarnings(tryCatch(tpm(LSAT, start.val = "random", control = list(optimizer = opt)), error = function(e) NULL))
  if (!is.null(m) && (is.null(tpm3best) || m$log.Lik > tpm3best$log.Lik)) tpm3best <- m
}

science <- Science[c(1, 3, 4, 7)]
grmScience <- grm(science, Hessian = TRUE)
gpcmScience <- gpcm(science)
grmEnvironment <- grm(Environment, Hessian = TRUE)
gpcmEnvironment <- gpcm(Environment)
grmScienceRefit <- refit(grmScience, function(start) grm(science, Hessian = TRUE, start.val = start))
gpcmScienceRefit <- refit(gpcmScience, function(start) gpcm(science, start.val = start))
grmEnvironmentRefit <- refit(grmEnvironment, function(start) grm(Environment, Hessian = TRUE, start.val = start))
gpcmEnvironmentRefit <- refit(gpcmEnvironment, function(start) gpcm(Environment, start.val = start))

out <- list(
  generatedBy = "packages/irt/scripts/make-ltm-fixtures.R",
  ltmVersion = as.character(packageVersion("ltm")),
  rVersion = R.version.string,
  data = list(
    LSAT = list(patterns = unname(patterns), frequencies = unname(freq)),
    Science = list(columns = names(science), levels = levels(science[[1]]), responses = codes(science)),
    Environment = list(columns = names(Environment), levels = levels(Environment[[1]]), responses = codes(Environment))
  ),
  rasch = c(describe(rasch1), list(scoresEB = scores(rasch1, "EB"), information = info(rasch1, c(-4, 4)))),
  ltm = c(describe(ltm2), list(
    scoresEB = scores(ltm2, "EB"),
    scoresEAP = scores(ltm2, "EAP"),
    information = info(ltm2, c(-4, 4))
  )),
  ltmEM500 = c(describe(ltm2em500), list(
    scoresEB = scores(ltm2em500, "EB"),
    scoresEAP = scores(ltm2em500, "EAP"),
    information = info(ltm2em500, c(-4, 4))
  )),
  ltmRestart = describe(ltm2restart),
  tpm = c(describe(tpm3), list(maxGuessing = tpm3$max.guessing)),
  tpmNlminb = describe(tpm3nlminb),
  grmScience = c(describe(grmScience), list(scoresEAP = scores(grmScience, "EAP"), information = info(grmScience, c(-4, 4)))),
  gpcmScience = c(describe(gpcmScience), list(scoresEAP = scores(gpcmScience, "EAP"), information = info(gpcmScience, c(-4, 4)))),
  grmEnvironment = describe(grmEnvironment),
  gpcmEnvironment = describe(gpcmEnvironment),
  tpmBestOfRandomStarts = describe(tpm3best),
  grmScienceRefit = c(describe(grmScienceRefit), list(seDelta = grmDeltaSE(grmScienceRefit))),
  gpcmScienceRefit = describe(gpcmScienceRefit),
  grmEnvironmentRefit = c(describe(grmEnvironmentRefit), list(seDelta = grmDeltaSE(grmEnvironmentRefit))),
  gpcmEnvironmentRefit = describe(gpcmEnvironmentRefit)
)
file <- file.path(here, "..", "test", "fixtures", "ltm.json")
writeLines(jsonlite::toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE, null = "null"), file)
cat("wrote", normalizePath(file), "\n")
