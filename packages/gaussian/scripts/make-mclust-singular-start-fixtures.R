#!/usr/bin/env Rscript
# The exactly singular scatter matrices mclust's VEE M-step (Fortran mevee) meets at its hc start:
# for each data set and K whose hclass(hc(X), K) has a class of at most d points, that class's
# W_k = Σ_i z_ik (x_i − μ_k)(x_i − μ_k)ᵀ computed in mevee's order (μ_k a running sum over the
# rows divided by n_k, then one rank-one update per row), whether LAPACK's dpotrf factors it
# (chol(), which calls dpotrf), and mclustBIC's VEE value for that K (null when NA). The verdict
# on a singular matrix rests on rounding, so run it against LAPACK's reference implementation:
#   LD_PRELOAD="/usr/lib/x86_64-linux-gnu/blas/libblas.so.3 /usr/lib/x86_64-linux-gnu/lapack/liblapack.so.3" \
#     Rscript scripts/make-mclust-singular-start-fixtures.R
# (from the package directory). Writes test/fixtures/mclust-singular-starts.json (committed).
suppressMessages(library(mclust))
suppressMessages(library(jsonlite))
data(banknote, thyroid, package = "mclust")
sets <- list(banknote = as.matrix(banknote[, -1]), thyroid = as.matrix(thyroid[, -1]))
scatterAsMevee <- function(X, z) {
  n <- nrow(X); p <- ncol(X)
  sumz <- 0
  for (i in 1:n) sumz <- sumz + z[i]
  mu <- numeric(p)
  for (j in 1:p) {
    s <- 0
    for (i in 1:n) s <- s + X[i, j] * z[i]
    mu[j] <- s / sumz
  }
  U <- matrix(0, p, p)
  for (i in 1:n) {
    t1 <- (X[i, ] - mu) * sqrt(z[i])
    for (jj in 1:p) for (ii in 1:p) U[ii, jj] <- U[ii, jj] + t1[ii] * t1[jj]
  }
  U
}
# jsonlite prints 15 significant digits; the scatter must round-trip bit for bit, so its rows are
# written verbatim with 17.
exactRows <- function(W) {
  rows <- apply(W, 1, function(r) paste0("[", paste(sprintf("%.17g", r), collapse = ","), "]"))
  structure(paste0("[", paste(rows, collapse = ","), "]"), class = "json")
}
cases <- list()
for (name in names(sets)) {
  X <- sets[[name]]
  dimnames(X) <- NULL
  classes <- hclass(hc(X, modelName = "VVV", use = "SVD"), 1:9)
  for (K in 2:9) {
    counts <- tabulate(classes[, K], K)
    for (k in which(counts <= ncol(X))) {
      W <- scatterAsMevee(X, as.numeric(classes[, K] == k))
      accepted <- !inherits(try(chol(W), silent = TRUE), "try-error")
      vee <- mclustBIC(X, G = K, modelNames = "VEE", verbose = FALSE)[1, 1]
      cases[[length(cases) + 1]] <- list(
        dataset = name, nComponents = K, component = k - 1L, size = counts[k],
        scatter = exactRows(W),
        accepted = accepted, veeBic = if (is.na(vee)) NULL else vee
      )
    }
  }
}
doc <- list(
  generator = "scripts/make-mclust-singular-start-fixtures.R",
  mclust = as.character(packageVersion("mclust")),
  lapack = basename(La_library()),
  cases = cases
)
writeLines(toJSON(doc, digits = NA, auto_unbox = TRUE, null = "null", json_verbatim = TRUE), "test/fixtures/mclust-singular-starts.json")
cat("wrote test/fixtures/mclust-singular-starts.json\n")
