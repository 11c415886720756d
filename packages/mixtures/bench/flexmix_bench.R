# Called by run.mjs: flexmix's FLXMCmvbinary on the same data and start, a fixed number of EM
# iterations (tolerance 0, minprior 0), timed without the reading of the CSV.
args <- commandArgs(TRUE)
suppressPackageStartupMessages(library(flexmix))
X <- as.matrix(read.csv(file.path(args[1], "x.csv"), header = FALSE))
dimnames(X) <- NULL
start <- scan(file.path(args[1], "start.csv"), quiet = TRUE)
d <- data.frame(X = I(X))
t <- system.time(flexmix(X ~ 1, data = d, k = as.integer(args[2]), cluster = start, model = FLXMCmvbinary(),
  control = list(iter.max = as.integer(args[3]), tolerance = 0, minprior = 0)))[["elapsed"]]
cat(sprintf("flexmix_ms=%f\n", 1000 * t))
