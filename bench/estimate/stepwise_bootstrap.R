# SPDX-License-Identifier: AGPL-3.0-or-later
# The same job as estimate_bench, in base R with glm: CSV stepwise selection (Chan, Silverman
# & Vincent 2021, as /work/shared/data/mse/README.md describes it) on a capture table, then a
# parametric bootstrap with the selection repeated in each replicate, and the BCa jackknife.
# Written for this benchmark (no package code). Base R has no LP solver, so the R side skips
# the Fienberg-Rinaldo existence check (glm's aliased coefficients stand in for the rank
# check): R does less work than Palermo, so the measured ratio is conservative.
# Usage: Rscript stepwise_bootstrap.R UK_6.CSV [replicates=1000] [seed=20131]
args <- commandArgs(trailingOnly = TRUE)
file <- args[1]
B <- if (length(args) > 1) as.integer(args[2]) else 1000L
seed <- if (length(args) > 2) as.integer(args[3]) else 20131L
d <- read.csv(file, check.names = FALSE)
K <- ncol(d) - 1L
lists <- names(d)[1:K]
cells <- 1:(2^K - 1)
X <- sapply(0:(K - 1), function(i) as.integer(bitwAnd(cells, 2^i) > 0))
colnames(X) <- make.names(lists)
y0 <- numeric(length(cells))
y0[as.vector(as.matrix(d[, 1:K]) %*% 2^(0:(K - 1)))] <- d$count
pairs <- t(combn(K, 2))

fit_model <- function(y, terms) {
  keep <- rep(TRUE, length(y))
  used <- character(0)
  for (t in terms) {
    both <- X[, t[1]] == 1 & X[, t[2]] == 1
    if (sum(y[both]) == 0) keep <- keep & !both else used <- c(used, paste(colnames(X)[t], collapse = ":"))
  }
  df <- data.frame(X[keep, , drop = FALSE], y = y[keep])
  rhs <- paste(c(colnames(X), used), collapse = " + ")
  fit <- glm(as.formula(paste("y ~", rhs)), family = poisson, data = df)
  mu <- numeric(length(y))
  mu[keep] <- fitted(fit)
  list(fit = fit, mu = mu, ok = fit$converged && !any(is.na(coef(fit))))
}

stepwise <- function(y, pthresh = 0.02) {
  terms <- list()
  cur <- fit_model(y, terms)
  in_model <- rep(FALSE, nrow(pairs))
  repeat {
    p <- rep(1, nrow(pairs))
    for (k in which(!in_model)) {
      both <- X[, pairs[k, 1]] == 1 & X[, pairs[k, 2]] == 1
      n <- sum(y[both]); lambda <- sum(cur$mu[both])
      p[k] <- min(ppois(n, lambda), ppois(n - 1, lambda, lower.tail = FALSE))
    }
    added <- FALSE
    for (k in order(p)) {
      if (in_model[k] || p[k] >= pthresh) break
      cand <- fit_model(y, c(terms, list(pairs[k, ])))
      if (!cand$ok) next
      terms <- c(terms, list(pairs[k, ])); in_model[k] <- TRUE; cur <- cand; added <- TRUE
      break
    }
    if (!added) break
  }
  list(N = sum(y) + exp(coef(cur$fit)[[1]]), mu = cur$mu)
}

timing <- system.time({
  set.seed(seed)
  chosen <- stepwise(y0)
  N <- chosen$N
  mu <- chosen$mu  # the chosen model's fitted means, for the parametric bootstrap
  boot <- sapply(1:B, function(b) stepwise(rpois(length(mu), mu))$N)
  jk_cells <- which(y0 > 0)
  jack <- sapply(jk_cells, function(c) { y <- y0; y[c] <- y[c] - 1; stepwise(y)$N })
  w <- y0[jk_cells]; m <- sum(w * jack) / sum(w); dl <- m - jack
  a <- sum(w * dl^3) / (6 * sum(w * dl^2)^1.5)
  z0 <- qnorm(mean(boot < N) + 0.5 * mean(boot == N))
  adj <- function(q) pnorm(z0 + (z0 + qnorm(q)) / (1 - a * (z0 + qnorm(q))))
  bca <- quantile(boot, c(adj(0.025), adj(0.975)), type = 7)
  pct <- quantile(boot, c(0.025, 0.975), type = 7)
})
cat(sprintf("R: N = %.1f, BCa 95%% [%.1f, %.1f], percentile [%.1f, %.1f], %d replicates\n",
            N, bca[1], bca[2], pct[1], pct[2], B))
cat(sprintf("r_seconds %.4f\n", timing[["elapsed"]]))
