# mclust's side of bench/mclust-table.mjs: seconds for Mclust() (hc, the 14 × 9 BIC table, the
# selected fit) and for mclustBIC() (hc and the table) on one data set of the fixture, the best of
# REPEATS runs, elapsed and (for Mclust()) CPU (user + system).
# Usage: Rscript mclust_table.R FIXTURE.json NAME REPEATS   (prints one JSON line)
args <- commandArgs(trailingOnly = TRUE)
skip <- function(why) { cat(sprintf('{"skipped": "%s"}\n', why)); quit(status = 0) }
if (!requireNamespace("mclust", quietly = TRUE)) skip("mclust not installed")
if (!requireNamespace("jsonlite", quietly = TRUE)) skip("jsonlite not installed")
suppressPackageStartupMessages(library(mclust))
fixture <- jsonlite::fromJSON(args[1], simplifyVector = FALSE)
repeats <- as.integer(args[3])
ds <- Filter(function(x) x$name == args[2], fixture$datasets)[[1]]
X <- do.call(rbind, lapply(ds$X, unlist))
times <- function(f) sapply(seq_len(repeats), function(i) {
  t <- system.time(f())
  c(elapsed = t[["elapsed"]], cpu = t[["user.self"]] + t[["sys.self"]])
})
fit <- Mclust(X, G = 1:9, verbose = FALSE)
mclustTimes <- times(function() Mclust(X, G = 1:9, verbose = FALSE))
cat(jsonlite::toJSON(list(
  mclust = min(mclustTimes["elapsed", ]),
  mclustCpu = min(mclustTimes["cpu", ]),
  mclustBIC = min(times(function() mclustBIC(X, G = 1:9, verbose = FALSE))["elapsed", ]),
  best = paste(fit$modelName, fit$G, sep = ",")
), auto_unbox = TRUE, digits = NA), "\n")
