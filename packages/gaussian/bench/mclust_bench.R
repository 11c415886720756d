# mclust's side of `pnpm bench --mclust`: the same case, initial parameters and timing as
# sklearn_bench.py (ms per iteration = (em with itmax = n - em with itmax = 1) / (n - 1)).
# Usage: Rscript mclust_bench.R CASE.json REPEATS   (prints one JSON line)
args <- commandArgs(trailingOnly = TRUE)
skip <- function(why) { cat(sprintf('{"skipped": "%s"}\n', why)); quit(status = 0) }
if (!requireNamespace("mclust", quietly = TRUE)) skip("mclust not installed")
if (!requireNamespace("jsonlite", quietly = TRUE)) skip("jsonlite not installed")
suppressPackageStartupMessages(library(mclust))
meta <- jsonlite::fromJSON(args[1], simplifyVector = FALSE)
repeats <- as.integer(args[2])
n <- meta$n; d <- meta$d; k <- meta$k
con <- file(meta$dataFile, "rb")
X <- matrix(readBin(con, "double", n * d, size = 8, endian = "little"), nrow = n, ncol = d, byrow = TRUE)
close(con)
means <- matrix(unlist(meta$init$means), nrow = d)  # d x k, one column per component
weights <- unlist(meta$init$weights)
# Every component starts from the same diagonal covariance, the inverse of the given precisions.
firstPrecision <- if (meta$covarianceType == "full") meta$init$precisions[[1]] else meta$init$precisions[[1]]
variances <- if (meta$covarianceType == "full") sapply(seq_len(d), function(j) 1 / firstPrecision[[j]][[j]]) else 1 / unlist(firstPrecision)
if (d == 1) {
  model <- "V"
  variance <- list(modelName = "V", d = 1, G = k, sigmasq = rep(variances, k))
  data <- as.vector(X)
  mean <- as.vector(means)
} else {
  model <- if (meta$covarianceType == "full") "VVV" else "VVI"
  sigma <- array(diag(variances, d), dim = c(d, d, k))
  variance <- if (model == "VVV") {
    list(modelName = model, d = d, G = k, sigma = sigma, cholsigma = array(diag(sqrt(variances), d), dim = c(d, d, k)))
  } else {
    scale <- rep(prod(variances)^(1 / d), k)
    list(modelName = model, d = d, G = k, sigma = sigma, scale = scale,
         shape = matrix(variances / scale[1], nrow = d, ncol = k))
  }
  data <- X
  mean <- means
}
parameters <- list(pro = weights, mean = mean, variance = variance)
fit <- function(iterations) {
  control <- emControl(tol = c(0, 0), itmax = c(iterations, iterations))
  start <- proc.time()[["elapsed"]]
  result <- em(data = data, modelName = model, parameters = parameters, control = control)
  list(seconds = proc.time()[["elapsed"]] - start, result = result)
}
status <- function(field) as.numeric(sub("[^0-9]*([0-9]+).*", "\\1", grep(field, readLines("/proc/self/status"), value = TRUE))) * 1024
rssBefore <- status("^VmRSS")
first <- fit(meta$iterations)
peak <- max(0, status("^VmHWM") - rssBefore)
runs <- numeric(0)
for (r in seq_len(repeats)) {
  full <- fit(meta$iterations)$seconds
  setup <- fit(1)$seconds
  runs <- c(runs, 1000 * (full - setup) / (meta$iterations - 1))
}
cat(jsonlite::toJSON(list(library = paste("mclust", packageVersion("mclust")), msPerIteration = median(runs),
  runs = I(runs), peakMemoryBytes = peak, lowerBound = first$result$loglik / n), auto_unbox = TRUE, digits = NA), "\n")
