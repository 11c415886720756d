#!/usr/bin/env Rscript
# mclust 6.0's conjugate prior beyond make-mclust-bic-fixtures.R (whose `prior` entries hold
# Mclust(X, prior = priorControl()) on the six multivariate sets):
#   univariate  E and V with and without priorControl() on faithful$waiting and mclust's acidity,
#               K = 1..9, from mclust's one-dimensional start (quantile classes, qclass), and the
#               classes themselves (0-based) so the start can be reproduced;
#   defaults    defaultPrior(X, G, model) for a few data sets, models and G;
#   custom      mclustBIC with priorControl(shrinkage, mean, dof, scale) given by hand, on faithful.
# Run from the package directory (reference BLAS, as make-mclust-hc-fixtures.R explains):
#   R_LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/blas:/usr/lib/x86_64-linux-gnu/lapack \
#     Rscript scripts/make-mclust-prior-fixtures.R
# Writes test/fixtures/mclust-prior.json (committed; CI needs no R). BIC with mclust's sign
# (2 log L − p log n, higher is better); NA cells are null.
suppressMessages(library(mclust))
suppressMessages(library(jsonlite))
blas <- sessionInfo()$BLAS
if (!grepl("/blas/", blas, fixed = TRUE)) warning("R is not on the reference BLAS (", blas, "): see the header")
data(acidity, package = "mclust")
G <- 1:9
column <- function(bic, m) lapply(as.numeric(bic[, m]), function(b) if (is.na(b)) NULL else b)
table <- function(bic) lapply(colnames(bic), function(m) list(model = m, values = column(bic, m)))

univariate <- lapply(list(waiting = datasets::faithful$waiting, acidity = as.numeric(acidity)), function(x) {
  with <- mclustBIC(x, G = G, prior = priorControl(), verbose = FALSE)
  without <- mclustBIC(x, G = G, verbose = FALSE)
  best <- strsplit(names(summary(with))[1], ",")[[1]]
  list(
    X = x,
    startClasses = lapply(G, function(k) as.integer(mclust:::qclass(x, k)) - 1L),
    prior = table(with),
    noPrior = table(without),
    best = list(model = best[1], nComponents = as.integer(best[2]))
  )
})

sets <- list(faithful = as.matrix(datasets::faithful), iris = as.matrix(datasets::iris[, 1:4]),
             waiting = datasets::faithful$waiting)
defaults <- list()
for (name in names(sets)) {
  X <- sets[[name]]
  models <- if (is.null(dim(X))) c("E", "V") else c("EII", "VEI", "EEE", "VVV")
  for (m in models) for (k in c(1, 3, 7)) {
    p <- defaultPrior(X, k, m)
    defaults[[length(defaults) + 1]] <- list(
      data = name, model = m, nComponents = k, shrinkage = p$shrinkage, mean = as.numeric(p$mean),
      dof = p$dof, scale = if (is.matrix(p$scale)) unname(lapply(seq_len(nrow(p$scale)), function(i) p$scale[i, ])) else p$scale)
  }
}

X <- unname(as.matrix(datasets::faithful))
custom <- list(
  list(models = c("EEE", "VVV"),
       prior = list(shrinkage = 0.1, mean = c(3, 70), dof = 5, scale = list(c(0.2, 0.5), c(0.5, 30)))),
  list(models = c("EII", "VII", "EEI", "VEI", "EVI", "VVI"),
       prior = list(shrinkage = 0.5, mean = c(3.5, 71), dof = 6, scale = 2)),
  list(models = c("EEV", "VEV"),
       prior = list(shrinkage = 0, dof = 4, scale = list(c(1, 0), c(0, 1))))
)
custom <- lapply(custom, function(case) {
  p <- case$prior
  scale <- if (is.list(p$scale)) do.call(rbind, p$scale) else p$scale
  # defaultPrior ignores a dof passed to priorControl (it always uses d + 2), so the hyperparameters
  # go through a prior function of their own, as priorControl(functionName = ...) allows.
  handPrior <<- function(data, G, modelName, ...) {
    base <- defaultPrior(data, G, modelName)
    list(shrinkage = p$shrinkage, mean = if (is.null(p$mean)) base$mean else p$mean, dof = p$dof, scale = scale)
  }
  control <- priorControl(functionName = "handPrior")
  bic <- mclustBIC(X, G = 1:5, modelNames = case$models, prior = control, verbose = FALSE)
  c(case, list(nComponents = 1:5, table = table(bic)))
})

doc <- list(generator = "scripts/make-mclust-prior-fixtures.R", mclust = as.character(packageVersion("mclust")),
            blas = basename(blas), univariate = univariate, defaults = defaults, faithful = unname(lapply(seq_len(nrow(X)), function(i) X[i, ])),
            custom = custom)
writeLines(toJSON(doc, digits = NA, auto_unbox = TRUE, null = "null"), "test/fixtures/mclust-prior.json")
cat("wrote test/fixtures/mclust-prior.json\n")
