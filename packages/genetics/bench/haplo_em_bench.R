# The reference side of bench/run.mjs: haplo.em on the genotype file it wrote, timed inside R
# (startup and file reading excluded). Prints one JSON line per configuration.
suppressPackageStartupMessages(library(haplo.stats))
args <- commandArgs(trailingOnly = TRUE)
snp <- as.matrix(read.csv(args[1], header = FALSE))
repeats <- as.integer(args[2])
n <- nrow(snp)
L <- ncol(snp)
geno <- matrix(0L, n, 2 * L)
for (l in 1:L) {
  g <- snp[, l]
  geno[, 2 * l - 1] <- ifelse(is.na(g), 0L, ifelse(g == 2, 2L, 1L))
  geno[, 2 * l] <- ifelse(is.na(g), 0L, ifelse(g >= 1, 2L, 1L))
}
for (n.try in c(1, 10)) {
  times <- numeric(repeats)
  for (r in 1:repeats) {
    set.seed(r)
    times[r] <- system.time(fit <- haplo.em(geno, control = haplo.em.control(n.try = n.try)))[["elapsed"]]
  }
  cat(sprintf('{"nTry": %d, "seconds": %.6f, "lnlike": %.10f, "nHaplotypes": %d}\n',
              n.try, median(times), fit$lnlike, length(fit$hap.prob)))
}
