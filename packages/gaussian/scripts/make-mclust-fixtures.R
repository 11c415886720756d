#!/usr/bin/env Rscript
# Reference BIC table from mclust 6.0 for selectModel, on the multivariate dataset of
# test/fixtures/sklearn-gmm.json. Run from the package directory:
#   Rscript scripts/make-mclust-fixtures.R
# Writes test/fixtures/mclust-bic.json (committed; CI needs no R). mclust's BIC is
# 2 log L − p log n (higher is better); scikit-learn's and ours is its negative.
# Model names: VVV = full, EEE = tied, VVI = diag, VII = spherical.
suppressMessages(library(mclust))
suppressMessages(library(jsonlite))
fixtures <- fromJSON("test/fixtures/sklearn-gmm.json", simplifyVector = TRUE)
X <- fixtures$datasets$multivariate$X
models <- c(full = "VVV", tied = "EEE", diag = "VVI", spherical = "VII")
G <- 1:4
# Tight EM tolerance (the default stops at a relative change of 1e-5).
bic <- mclustBIC(X, G = G, modelNames = unname(models), control = emControl(tol = c(1e-12, sqrt(.Machine$double.eps))))
table <- lapply(names(models), function(type) {
  values <- as.numeric(bic[, models[[type]]])
  list(covarianceType = type, model = models[[type]], bic = values)
})
out <- list(
  generator = "scripts/make-mclust-fixtures.R",
  mclust = as.character(packageVersion("mclust")),
  dataset = "multivariate",
  nComponents = G,
  table = table
)
writeLines(toJSON(out, digits = NA, auto_unbox = TRUE), "test/fixtures/mclust-bic.json")
cat("wrote test/fixtures/mclust-bic.json\n")
