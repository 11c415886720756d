# Times lme4::lmer on the bench data (a CSV written by run.mjs), after a warm-up fit, and prints JSON.
# Usage: OPENBLAS_NUM_THREADS=1 Rscript lme4_bench.R data.csv repeats
suppressPackageStartupMessages(library(lme4))
args <- commandArgs(TRUE)
d <- read.csv(args[1], colClasses = c("numeric", "numeric", "character"))
repeats <- as.integer(args[2])
fit <- function() lmer(y ~ x + (x | g), data = d, REML = TRUE)
m <- fit() # warm-up
t <- system.time(for (i in seq_len(repeats)) m <- fit())[["elapsed"]] / repeats
cat(sprintf('{"seconds": %.6f, "logLik": %.10f, "sd": [%.10f, %.10f], "sigma": %.10f, "lme4": "%s"}\n',
  t, as.numeric(logLik(m)), attr(VarCorr(m)$g, "stddev")[1], attr(VarCorr(m)$g, "stddev")[2], sigma(m),
  as.character(packageVersion("lme4"))))
