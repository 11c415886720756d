# Times lme4::lmer on the nested bench data (a CSV written by nested.mjs), after a warm-up fit, and prints JSON.
# Usage: OPENBLAS_NUM_THREADS=1 Rscript lme4_nested.R data.csv repeats
suppressPackageStartupMessages(library(lme4))
args <- commandArgs(TRUE)
d <- read.csv(args[1], colClasses = c("numeric", "numeric", "character", "character"))
repeats <- as.integer(args[2])
fit <- function() lmer(y ~ x + (1 | school/class), data = d, REML = TRUE)
m <- fit() # warm-up
t <- system.time(for (i in seq_len(repeats)) m <- fit())[["elapsed"]] / repeats
vc <- as.data.frame(VarCorr(m))
cat(sprintf('{"seconds": %.6f, "logLik": %.10f, "sdClass": %.10f, "sdSchool": %.10f, "sigma": %.10f, "lme4": "%s"}\n',
  t, as.numeric(logLik(m)), vc$sdcor[vc$grp == "class:school"], vc$sdcor[vc$grp == "school"], sigma(m),
  as.character(packageVersion("lme4"))))
