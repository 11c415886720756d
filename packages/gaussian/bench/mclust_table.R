# mclust's side of bench/mclust-table.mjs: seconds for Mclust() (hc, the 14 × 9 BIC table, the
# selected fit) and for mclustBIC() from precomputed hc merges, on each data set of the fixture.
# Usage: Rscript mclust_table.R FIXTURE.json REPEATS   (prints one JSON line)
args <- commandArgs(trailingOnly = TRUE)
skip <- function(why) { cat(sprintf('{"skipped": "%s"}\n', why)); quit(status = 0) }
if (!requireNamespace("mclust", quietly = TRUE)) skip("mclust not installed")
if (!requireNamespace("jsonlite", quietly = TRUE)) skip("jsonlite not installed")
suppressPackageStartupMessages(library(mclust))
fixture <- jsonlite::fromJSON(args[1], simplifyVector = FALSE)
repeats <- as.integer(args[2])
elapsed <- function(f) median(sapply(seq_len(repeats), function(i) system.time(f())[["elapsed"]]))
out <- lapply(fixture$datasets, function(ds) {
  X <- do.call(rbind, lapply(ds$X, unlist))
  hcPairs <- hc(X, modelName = "VVV", use = "SVD")
  list(
    name = ds$name,
    mclust = elapsed(function() Mclust(X, G = 1:9, verbose = FALSE)),
    mclustBICFromHc = elapsed(function() mclustBIC(X, G = 1:9, initialization = list(hcPairs = hcPairs), verbose = FALSE))
  )
})
cat(jsonlite::toJSON(out, auto_unbox = TRUE, digits = NA), "\n")
