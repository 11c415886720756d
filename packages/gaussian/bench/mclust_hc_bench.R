# mclust's side of bench/hc.mjs: median seconds of hc(X, model, use) over REPEATS runs (each run
# loops until it has taken at least 0.2 s, for the timer's resolution). Prints one JSON line.
# Usage: Rscript mclust_hc_bench.R DATA.bin ROWS COLS MODEL USE REPEATS
args <- commandArgs(trailingOnly = TRUE)
if (!requireNamespace("mclust", quietly = TRUE)) { cat('{"skipped": "mclust not installed"}\n'); quit(status = 0) }
suppressPackageStartupMessages(library(mclust))
n <- as.integer(args[2]); p <- as.integer(args[3]); model <- args[4]; use <- args[5]; repeats <- as.integer(args[6])
con <- file(args[1], "rb")
X <- matrix(readBin(con, "double", n * p, size = 8, endian = "little"), nrow = n, ncol = p, byrow = TRUE)
close(con)
invisible(hc(X, modelName = model, use = use)) # warm-up
times <- numeric(repeats)
for (r in seq_len(repeats)) {
  loops <- 0
  start <- proc.time()[["elapsed"]]
  repeat {
    invisible(hc(X, modelName = model, use = use))
    loops <- loops + 1
    elapsed <- proc.time()[["elapsed"]] - start
    if (elapsed >= 0.2) break
  }
  times[r] <- elapsed / loops
}
cat(sprintf('{"seconds": %.6f}\n', median(times)))
