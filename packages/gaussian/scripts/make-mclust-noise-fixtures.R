#!/usr/bin/env Rscript
# Reference fixtures from mclust 6.0 for the noise component: hypvol() and
# Mclust(X, G, "VVV", initialization = list(noise = guess)) on data sets with uniform noise added
# (`cases`), and the whole BIC table with noise, mclustBIC(X, G = 1:9, all 14 models,
# initialization = list(noise = guess)) with mclust's default emControl(), on two data sets with
# planted outliers (`tables`: values, mclust's pick, and its fit's classification, 0 = noise), and
# mclustICL's table with the same noise guess.
# Run from the package directory (reference BLAS, as make-mclust-hc-fixtures.R explains):
#   R_LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/blas:/usr/lib/x86_64-linux-gnu/lapack \
#     Rscript scripts/make-mclust-noise-fixtures.R
# Writes test/fixtures/mclust-noise.json (committed; CI needs no R).
suppressMessages(library(mclust))
suppressMessages(library(jsonlite))
float64 <- function(x) base64_enc(writeBin(as.numeric(x), raw(), size = 8, endian = "little"))

cases <- list()
add <- function(name, X, G, extra, seed) {
  set.seed(seed)
  lo <- apply(X, 2, min); hi <- apply(X, 2, max)
  noisy <- rbind(X, sapply(seq_len(ncol(X)), function(j) runif(extra, lo[j], hi[j])))
  dimnames(noisy) <- NULL
  guess <- c(rep(FALSE, nrow(X)), rep(TRUE, extra)) # the initial noise guess: the added points
  fit <- Mclust(noisy, G = G, modelNames = "VVV", initialization = list(noise = guess), verbose = FALSE,
                control = emControl(tol = c(1e-10, sqrt(.Machine$double.eps))))
  cases[[length(cases) + 1]] <<- list(
    name = name, rows = nrow(noisy), cols = ncol(noisy), X = float64(noisy), G = G, noise = guess,
    hypvol = hypvol(noisy), Vinv = fit$parameters$Vinv, loglik = fit$loglik, bic = fit$bic,
    weights = as.numeric(fit$parameters$pro), means = as.numeric(fit$parameters$mean),
    covariances = as.numeric(fit$parameters$variance$sigma), classification = as.integer(fit$classification)
  )
}
add("faithful + 40 uniform", as.matrix(faithful), 3, 40, 1)
add("iris + 30 uniform", as.matrix(iris[, 1:4]), 2, 30, 2)
add("diabetes + 30 uniform", as.matrix(diabetes[, -1]), 3, 30, 3)
models <- mclust.options("emModelNames")
tables <- list()
addTable <- function(name, X, extra, seed) {
  set.seed(seed)
  lo <- apply(X, 2, min); hi <- apply(X, 2, max)
  noisy <- rbind(X, sapply(seq_len(ncol(X)), function(j) runif(extra, lo[j], hi[j])))
  dimnames(noisy) <- NULL
  guess <- c(rep(FALSE, nrow(X)), rep(TRUE, extra))
  bic <- mclustBIC(noisy, G = 1:9, modelNames = models, initialization = list(noise = guess), verbose = FALSE)
  best <- strsplit(names(summary(bic))[1], ",")[[1]]
  fit <- Mclust(noisy, x = bic, verbose = FALSE)
  icl <- mclustICL(noisy, G = 1:9, modelNames = models, initialization = list(noise = guess), verbose = FALSE)
  iclBest <- strsplit(names(summary(icl))[1], ",")[[1]]
  tables[[length(tables) + 1]] <<- list(
    name = name, rows = nrow(noisy), cols = ncol(noisy), X = float64(noisy), noise = guess,
    hypvol = hypvol(noisy), nComponents = 1:9,
    bic = lapply(models, function(m) list(model = m, values = as.numeric(bic[, m]))), # NA (not estimable) as null
    icl = lapply(models, function(m) list(model = m, values = as.numeric(icl[, m]))),
    iclBest = list(model = iclBest[1], nComponents = as.integer(iclBest[2])),
    best = list(model = best[1], nComponents = as.integer(best[2]), bic = fit$bic, loglik = fit$loglik,
                noiseWeight = as.numeric(fit$parameters$pro[fit$G + 1]),
                classification = as.integer(fit$classification))
  )
}
addTable("faithful + 40 uniform", as.matrix(faithful), 40, 1)
# Two clusters of the iris petals with 25 outliers planted around them.
addTable("iris petals + 25 uniform", as.matrix(iris[, 3:4]), 25, 4)
addTable("diabetes + 30 uniform", as.matrix(diabetes[, -1]), 30, 3)
writeLines(toJSON(list(generator = "scripts/make-mclust-noise-fixtures.R", mclust = as.character(packageVersion("mclust")),
                       blas = basename(sessionInfo()$BLAS), cases = cases, tables = tables), digits = NA, auto_unbox = TRUE, na = "null"),
           "test/fixtures/mclust-noise.json")
cat("wrote test/fixtures/mclust-noise.json\n")
