#!/usr/bin/env Rscript
# mclust 6.0's whole model family on its own data sets (and Old Faithful): for each data set, the
# BIC table of all 14 covariance models × K = 1..9 (mclustBIC with its defaults: hierarchical
# initialisation by hc(VVV, use = "SVD"), emControl() tolerances, no prior), the model it selects,
# the hc partitions it started EM from (hclass(hcPairs, 1:9)), the ICL table (mclustICL), and a
# fit with the default conjugate prior (Mclust(..., prior = priorControl())).
# Run from the package directory:
#   Rscript scripts/make-mclust-bic-fixtures.R
# Writes test/fixtures/mclust-models.json (committed; CI needs no R). BIC is mclust's
# 2 log L − p log n (higher is better); NA cells (models mclust cannot estimate) are null.
suppressMessages(library(mclust))
suppressMessages(library(jsonlite))
data(diabetes, banknote, thyroid, wreath, package = "mclust")
sets <- list(
  faithful = as.matrix(datasets::faithful),
  diabetes = as.matrix(diabetes[, -1]),
  banknote = as.matrix(banknote[, -1]),
  iris = as.matrix(datasets::iris[, 1:4]),
  thyroid = as.matrix(thyroid[, -1]),
  wreath = as.matrix(wreath)
)
models <- mclust.options("emModelNames")
G <- 1:9
asTable <- function(x) {
  lapply(intersect(models, colnames(x)), function(m) {
    v <- as.numeric(x[, m])
    list(model = m, values = lapply(v, function(b) if (is.na(b)) NULL else b))
  })
}
out <- lapply(names(sets), function(name) {
  X <- sets[[name]]
  dimnames(X) <- NULL
  bic <- mclustBIC(X, G = G, modelNames = models, verbose = FALSE)
  icl <- mclustICL(X, G = G, modelNames = models, verbose = FALSE)
  hcPairs <- attr(bic, "initialization")$hcPairs
  classes <- hclass(hcPairs, G)
  best <- strsplit(names(summary(bic))[1], ",")[[1]]
  ibest <- strsplit(names(summary(icl))[1], ",")[[1]]
  fit <- Mclust(X, x = bic, verbose = FALSE)
  prior <- Mclust(X, G = G, prior = priorControl(), verbose = FALSE)
  priorBest <- list(model = prior$modelName, nComponents = prior$G,
    bic = prior$bic, loglik = prior$loglik, table = asTable(prior$BIC))
  list(
    name = name,
    X = unname(lapply(seq_len(nrow(X)), function(i) as.numeric(X[i, ]))),
    nComponents = G,
    bic = asTable(bic),
    best = list(model = best[1], nComponents = as.integer(best[2]), bic = fit$bic,
      loglik = fit$loglik, uncertainty = as.numeric(fit$uncertainty)),
    icl = asTable(icl),
    iclBest = list(model = ibest[1], nComponents = as.integer(ibest[2])),
    hcClasses = lapply(G, function(k) as.integer(classes[, k]) - 1L),
    prior = priorBest
  )
})
doc <- list(
  generator = "scripts/make-mclust-bic-fixtures.R",
  mclust = as.character(packageVersion("mclust")),
  models = models,
  datasets = out
)
writeLines(toJSON(doc, digits = NA, auto_unbox = TRUE, null = "null"), "test/fixtures/mclust-models.json")
cat("wrote test/fixtures/mclust-models.json\n")
