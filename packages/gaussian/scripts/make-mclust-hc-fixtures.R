#!/usr/bin/env Rscript
# Reference fixtures from mclust 6.0 for model-based hierarchical agglomeration (hc, hclass),
# the hc initialisation of EM (mstep on unmap(hclass)), adjustedRandIndex and classError.
# Run from the package directory, with R on the reference BLAS (Debian's libblas3):
#   R_LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/blas:/usr/lib/x86_64-linux-gnu/lapack \
#     Rscript scripts/make-mclust-hc-fixtures.R
# mclust's merge sequence depends on the BLAS R links (OpenBLAS's FMA kernels round the level-1
# operations differently, which changes which of two near-equal pairs merges first); the reference
# BLAS is the one whose rounding can be reproduced, and the one a plain R installation uses.
# Writes test/fixtures/mclust-hc/<dataset>.json and test/fixtures/mclust-hc-workflow.json
# (committed; CI needs no R).
#
# Per data set, model (VVV and EII, or E and V in 1-D) and data transformation `use`:
#   merges   hc()'s merge pairs (2 × (n − 1), column-major),
#   classes  hclass(hc, 2:9), one string of digits per K (labels 1..9),
# The data X (column-major) and, per `use`, the transformed data mclust fed to the merge routine (attr(hc, "data")) as
# little-endian float64 in base64, so the merge engine can be checked on bit-identical input.
# `RND` (random pairs from R's RNG) has no reference: it cannot be reproduced outside R.
suppressMessages(library(mclust))
suppressMessages(library(jsonlite))
blas <- sessionInfo()$BLAS
if (!grepl("/blas/", blas, fixed = TRUE)) warning("R is not on the reference BLAS (", blas, "): see the header")

dir.create("test/fixtures/mclust-hc", showWarnings = FALSE, recursive = TRUE)

float64 <- function(x) base64_enc(writeBin(as.numeric(x), raw(), size = 8, endian = "little"))

datasets <- list(
  faithful = as.matrix(faithful),
  diabetes = as.matrix(diabetes[, -1]),
  banknote = as.matrix(banknote[, -1]),
  wreath = as.matrix(wreath),
  thyroid = as.matrix(thyroid[, -1]),
  iris = as.matrix(iris[, 1:4]),
  chevron = as.matrix(chevron[, -1]),
  acidity = matrix(acidity, ncol = 1),
  waiting = matrix(faithful$waiting, ncol = 1)
)
uses <- c("SVD", "VARS", "STD", "SPH", "PCS", "PCR")
K <- 2:9

for (name in names(datasets)) {
  X <- datasets[[name]]
  dimnames(X) <- NULL
  models <- if (ncol(X) == 1) c("E", "V") else c("VVV", "EII")
  transformed <- list()
  runs <- list()
  for (use in uses) {
    for (model in models) {
      tree <- hc(X, modelName = model, use = use)
      if (is.null(transformed[[use]])) {
        Z <- attr(tree, "data")
        transformed[[use]] <- list(rows = nrow(Z), cols = ncol(Z), float64 = float64(Z))
      }
      cl <- hclass(tree, K)
      runs[[length(runs) + 1]] <- list(
        model = model, use = use,
        merges = as.integer(tree),
        classes = unname(apply(cl, 2, paste, collapse = ""))
      )
    }
  }
  out <- list(
    generator = "scripts/make-mclust-hc-fixtures.R", mclust = as.character(packageVersion("mclust")), blas = basename(blas),
    dataset = name, rows = nrow(X), cols = ncol(X), X = float64(X), K = K,
    transformed = transformed, runs = runs
  )
  writeLines(toJSON(out, digits = NA, auto_unbox = TRUE), sprintf("test/fixtures/mclust-hc/%s.json", name))
  cat("wrote", name, "\n")
}

# Initial parameters of EM from the hc partition, as Mclust computes them: mstep(model, X, unmap(hclass)).
init <- list()
for (case in list(list(name = "faithful", G = 3), list(name = "iris", G = 4),
                  list(name = "diabetes", G = 3), list(name = "banknote", G = 2))) {
  X <- datasets[[case$name]]
  dimnames(X) <- NULL
  tree <- hc(X, modelName = mclust.options("hcModelName"), use = mclust.options("hcUse"))
  cl <- as.vector(hclass(tree, case$G))
  ms <- mstep(modelName = "VVV", data = X, z = unmap(cl))
  init[[length(init) + 1]] <- list(
    dataset = case$name, hcModel = "VVV", hcUse = "SVD", G = case$G, classes = cl,
    weights = as.numeric(ms$parameters$pro), means = as.numeric(t(ms$parameters$mean)),
    covariances = as.numeric(ms$parameters$variance$sigma)
  )
}

# adjustedRandIndex and classError on real partitions.
agreement <- list()
fit <- Mclust(as.matrix(iris[, 1:4]), G = 3, modelNames = "VEV", verbose = FALSE)
pairs <- list(
  list(name = "iris species vs hc(VVV, SVD) K = 3", a = as.integer(iris$Species),
       b = as.vector(hclass(hc(as.matrix(iris[, 1:4]), "VVV", "SVD"), 3))),
  list(name = "iris species vs Mclust VEV G = 3", a = as.integer(iris$Species), b = fit$classification),
  list(name = "diabetes class vs hc(EII, VARS) K = 4", a = as.integer(diabetes$class),
       b = as.vector(hclass(hc(as.matrix(diabetes[, -1]), "EII", "VARS"), 4))),
  list(name = "banknote status vs hc(VVV, SVD) K = 2", a = as.integer(banknote$Status),
       b = as.vector(hclass(hc(as.matrix(banknote[, -1]), "VVV", "SVD"), 2))),
  list(name = "faithful hc(VVV, SVD) K = 3 vs hc(EII, STD) K = 5",
       a = as.vector(hclass(hc(as.matrix(faithful), "VVV", "SVD"), 3)),
       b = as.vector(hclass(hc(as.matrix(faithful), "EII", "STD"), 5)))
)
for (p in pairs) {
  ce <- classError(p$b, p$a)
  agreement[[length(agreement) + 1]] <- list(
    name = p$name, a = p$a, b = p$b, adjustedRandIndex = adjustedRandIndex(p$a, p$b),
    classErrorPredictedB = list(misclassified = as.integer(ce$misclassified), errorRate = ce$errorRate)
  )
}

writeLines(toJSON(list(generator = "scripts/make-mclust-hc-fixtures.R", mclust = as.character(packageVersion("mclust")), blas = basename(blas),
                       init = init, agreement = agreement), digits = NA, auto_unbox = TRUE),
           "test/fixtures/mclust-hc-workflow.json")
cat("wrote test/fixtures/mclust-hc-workflow.json\n")
