#!/usr/bin/env Rscript
# Old Faithful (R's `faithful`, 272 eruptions × (eruptions, waiting)) and mclust 6.0's BIC table for
# it, for the collapse tests of selectModel. Run from the package directory:
#   Rscript scripts/make-faithful-fixture.R
# Writes test/fixtures/mclust-faithful.json (committed; CI needs no R). The BIC is given with
# scikit-learn's sign (ours): −(mclust's BIC) = −2 log L + p log n, lower is better; mclust's NA
# (a fit that could not be computed, e.g. a singular covariance) is null.
# Model names: VVV = full, EEE = tied, VVI = diag, VII = spherical.
suppressMessages(library(mclust))
suppressMessages(library(jsonlite))
X <- as.matrix(faithful)
models <- c(full = "VVV", tied = "EEE", diag = "VVI", spherical = "VII")
G <- 1:9
bic <- mclustBIC(X, G = G, modelNames = unname(models))
table <- lapply(names(models), function(type) {
  list(covarianceType = type, model = models[[type]], bic = -as.numeric(bic[, models[[type]]]))
})
best <- summary(bic, X)
out <- list(
  generator = "scripts/make-faithful-fixture.R",
  mclust = as.character(packageVersion("mclust")),
  dataset = "faithful",
  columns = colnames(X),
  X = unname(X),
  nComponents = G,
  table = table,
  best = list(
    covarianceType = names(models)[models == best$modelName],
    model = best$modelName,
    nComponents = best$G,
    bic = -best$bic
  )
)
writeLines(toJSON(out, digits = NA, auto_unbox = TRUE, na = "null"), "test/fixtures/mclust-faithful.json")
cat("wrote test/fixtures/mclust-faithful.json\n")
