# R's side of bench/squarem.mjs: Hasselblad's Poisson mixture fitted by R's SQUAREM package, plain EM
# (fpiter) and SQUAREM (squarem, scheme S3, default controls), with the E-step, M-step and objective of
# ../test/fixtures/make-squarem-fixture.R.
#
# Usage: Rscript squarem.R TOL REPEATS MIN_MS DEATHS FREQUENCIES START
#   (DEATHS, FREQUENCIES, START: comma-separated numbers). Prints one JSON line.
# Each repeat times a loop of as many fits as take at least MIN_MS (counted once, after a warm-up),
# so the clock's resolution does not matter; msPerFit lists one value per repeat.
args <- commandArgs(trailingOnly = TRUE)
skip <- function(why) {
  cat(sprintf('{"skipped": "%s"}\n', why))
  quit(status = 0)
}
if (!requireNamespace("SQUAREM", quietly = TRUE)) skip("R package SQUAREM not installed (Debian: r-cran-squarem)")
suppressPackageStartupMessages(library(SQUAREM))

numbers <- function(text) as.numeric(strsplit(text, ",")[[1]])
tol <- as.numeric(args[1])
repeats <- as.integer(args[2])
min_ms <- as.numeric(args[3])
deaths <- numbers(args[4])
freq <- numbers(args[5])
start <- numbers(args[6])

# One EM step: p = (mixing weight of component 1, rate 1, rate 2).
poissmix.em <- function(p, y) {
  zi <- p[1] * exp(-p[2]) * p[2]^deaths /
    (p[1] * exp(-p[2]) * p[2]^deaths + (1 - p[1]) * exp(-p[3]) * p[3]^deaths)
  c(sum(y * zi) / sum(y), sum(y * deaths * zi) / sum(y * zi),
    sum(y * deaths * (1 - zi)) / sum(y * (1 - zi)))
}

# Negative log-likelihood (the objective SQUAREM minimises).
poissmix.loglik <- function(p, y) {
  -sum(y * log(p[1] * dpois(deaths, p[2]) + (1 - p[1]) * dpois(deaths, p[3])))
}

fits <- list(
  fpiter = function() fpiter(par = start, y = freq, fixptfn = poissmix.em, objfn = poissmix.loglik,
                             control = list(tol = tol, maxiter = 100000)),
  squarem = function() squarem(par = start, y = freq, fixptfn = poissmix.em, objfn = poissmix.loglik,
                               control = list(tol = tol))
)

now <- function() as.numeric(Sys.time()) * 1000 # ms, microsecond resolution on Linux
time_loop <- function(fit, count) {
  started <- now()
  for (i in seq_len(count)) fit()
  now() - started
}

num <- function(x) paste0("[", paste(sprintf("%.17g", x), collapse = ", "), "]")
entry <- function(name) {
  fit <- fits[[name]]
  result <- fit() # warm-up (and R's byte compiler) before timing
  count <- 1
  while (time_loop(fit, count) < min_ms) count <- count * 2
  ms <- vapply(seq_len(repeats), function(r) time_loop(fit, count) / count, numeric(1))
  objfevals <- if (is.null(result$objfevals)) 0 else result$objfevals
  sprintf('"%s": { "msPerFit": %s, "fitsPerTiming": %d, "fpevals": %d, "objfevals": %d, "negLogLik": %.17g, "par": %s, "converged": %s }',
          name, num(ms), count, result$fpevals, objfevals, result$value.objfn, num(result$par),
          tolower(result$convergence))
}

cat(sprintf('{ "library": "R %s.%s, SQUAREM %s", %s, %s }\n', R.version$major, R.version$minor,
            packageVersion("SQUAREM"), entry("fpiter"), entry("squarem")))
