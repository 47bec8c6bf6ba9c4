#!/usr/bin/env Rscript
# Regenerates the reference values that tests/integration/analyze_reference.rs
# pins, with R psych, so anyone can re-check them:
#
#   Rscript scripts/reference-values.R [DIR]     DIR: where scripts/fetch-bfi.sh put
#                                               cronbach_*.csv (default target/refdata)
#
# Debian: apt-get install r-base-core r-cran-psych r-cran-psychtools
# (psych 2.2.9 gives the values in the issue and the tests). The tests
# themselves need no R.
#
# Printed per bfi scale: alpha pairwise (psych's default use="pairwise"),
# standardized, listwise (use="complete.obs"), r.drop and alpha if dropped of
# each item, omega total from fa(x, 1, fm = "minres") as psych reports it,
# and the exact minres optimum: principal axes iterated from psych's
# solution until the communalities stop moving (psych's optimiser,
# L-BFGS-B, stops a little earlier). Then pingouin's interval for alpha,
# 1 - (1 - alpha) * qf(.975 | .025, n - 1, (n - 1)(k - 1)), n = all rows.
suppressMessages({
  library(psych)
  library(psychTools)
})
args <- commandArgs(trailingOnly = TRUE)
dir <- if (length(args) > 0) args[1] else "target/refdata"
cat("psych", format(packageVersion("psych")), "\n")

exact_omega <- function(x, f) {
  r <- cor(x, use = "pairwise")
  h <- 1 - f$uniquenesses
  for (i in 1:10000) {
    rs <- r
    diag(rs) <- h
    e <- eigen(rs, symmetric = TRUE)
    l <- e$vectors[, 1] * sqrt(e$values[1])
    if (max(abs(l^2 - h)) < 1e-15) break
    h <- l^2
  }
  l <- l * sign(sum(l))
  sum(l)^2 / (sum(l)^2 + sum(1 - l^2))
}

data(bfi, package = "psychTools")
keys <- list(
  agree = c("-A1", "A2", "A3", "A4", "A5"),
  consc = c("C1", "C2", "C3", "-C4", "-C5"),
  extra = c("-E1", "-E2", "E3", "E4", "E5"),
  neuro = c("N1", "N2", "N3", "N4", "N5"),
  open = c("O1", "-O2", "O3", "O4", "-O5")
)
for (k in names(keys)) {
  items <- sub("-", "", keys[[k]])
  x <- bfi[, items]
  reversed <- startsWith(keys[[k]], "-")
  x[, reversed] <- 7 - x[, reversed]
  a <- alpha(x, warnings = FALSE)
  al <- alpha(x, use = "complete.obs", warnings = FALSE)
  f <- fa(x, 1, fm = "minres")
  l <- as.vector(f$loadings)
  omega <- sum(l)^2 / (sum(l)^2 + sum(f$uniquenesses))
  cat(sprintf(
    "%s alpha %.6f std %.6f listwise %.6f omega(psych) %.6f omega(exact) %.12f\n",
    k, a$total$raw_alpha, a$total$std.alpha, al$total$raw_alpha, omega, exact_omega(x, f)
  ))
  cat("  r.drop", sprintf("%.4f", a$item.stats$r.drop), "\n")
  cat("  alpha if dropped", sprintf("%.6f", a$alpha.drop$raw_alpha), "\n")
}

ci <- function(alpha, n, k) {
  c(1 - (1 - alpha) * qf(0.975, n - 1, (n - 1) * (k - 1)),
    1 - (1 - alpha) * qf(0.025, n - 1, (n - 1) * (k - 1)))
}
for (name in c("cronbach_alpha", "cronbach_wide_missing")) {
  path <- file.path(dir, paste0(name, ".csv"))
  if (!file.exists(path)) {
    cat(name, ": not found in", dir, "(run scripts/fetch-bfi.sh)\n")
    next
  }
  x <- read.csv(path)[, -1]
  n <- nrow(x)
  k <- ncol(x)
  for (use in c("pairwise", "complete.obs")) {
    a <- alpha(x, use = use, warnings = FALSE)$total$raw_alpha
    cat(sprintf("%s %s alpha %.16f ci [%.3f, %.3f]\n", name, use, a, ci(a, n, k)[1], ci(a, n, k)[2]))
  }
}
