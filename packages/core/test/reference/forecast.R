# Reference values for felles's forecast engine (packages/core/src/engines/forecast), computed
# once with R's forecast package (Debian: r-base-core, r-cran-forecast) and stats::HoltWinters on
# data sets shipped with R. Run from the repository root:
#   Rscript packages/core/test/reference/forecast.R
# It writes packages/core/test/fixtures/forecast/r-reference.json. The tests compare felles with
# these numbers; they never run R.
suppressPackageStartupMessages(library(forecast))

num <- function(x) {
  if (length(x) == 0) return("[]")
  v <- ifelse(is.na(x), "null", sprintf("%.17g", as.numeric(x)))
  paste0("[", paste(v, collapse = ","), "]")
}
sc <- function(x) if (length(x) == 0 || is.na(x)) "null" else sprintf("%.17g", as.numeric(x))
obj <- function(...) {
  kv <- list(...)
  paste0("{", paste(sprintf('"%s":%s', names(kv), unlist(kv)), collapse = ","), "}")
}
str1 <- function(s) paste0('"', s, '"')

h <- 24
intervals <- function(fc) {
  obj(mean = num(fc$mean), lower80 = num(fc$lower[, 1]), upper80 = num(fc$upper[, 1]),
      lower95 = num(fc$lower[, 2]), upper95 = num(fc$upper[, 2]))
}

ets_one <- function(y, model, damped) {
  fit <- ets(y, model = model, damped = damped)
  fc <- forecast(fit, h = h, level = c(80, 95))
  par <- fit$par
  get <- function(k) if (k %in% names(par)) par[[k]] else NA
  obj(model = str1(fit$method), alpha = sc(get("alpha")), beta = sc(get("beta")),
      gamma = sc(get("gamma")), phi = sc(get("phi")),
      init = num(fit$states[1, ]), loglik = sc(fit$loglik), aicc = sc(fit$aicc),
      sigma2 = sc(fit$sigma2), forecast = intervals(fc))
}

hw_one <- function(y, seasonal) {
  fit <- if (seasonal) HoltWinters(y) else HoltWinters(y, gamma = FALSE)
  p80 <- predict(fit, n.ahead = h, prediction.interval = TRUE, level = 0.8)
  p95 <- predict(fit, n.ahead = h, prediction.interval = TRUE, level = 0.95)
  obj(alpha = sc(fit$alpha), beta = sc(fit$beta), gamma = sc(if (seasonal) fit$gamma else NA),
      sse = sc(fit$SSE), coefficients = num(fit$coefficients),
      forecast = obj(mean = num(p80[, "fit"]), lower80 = num(p80[, "lwr"]), upper80 = num(p80[, "upr"]),
                     lower95 = num(p95[, "lwr"]), upper95 = num(p95[, "upr"])))
}

series <- list(AirPassengers = AirPassengers, USAccDeaths = USAccDeaths, ldeaths = ldeaths)
out <- character(0)
for (name in names(series)) {
  y <- series[[name]]
  auto <- ets(y, additive.only = TRUE)
  sn <- snaive(y, h = h, level = c(80, 95))
  models <- c(
    ANN = ets_one(y, "ANN", FALSE), AAN = ets_one(y, "AAN", FALSE), ANA = ets_one(y, "ANA", FALSE),
    AAA = ets_one(y, "AAA", FALSE), AAdA = ets_one(y, "AAA", TRUE), AAdN = ets_one(y, "AAN", TRUE))
  out <- c(out, sprintf('"%s":%s', name, obj(
    m = sc(frequency(y)), y = num(y),
    decompose = num(decompose(y)$figure),
    ets = paste0("{", paste(sprintf('"%s":%s', names(models), models), collapse = ","), "}"),
    auto = obj(model = str1(auto$method), aicc = sc(auto$aicc)),
    holtwinters = hw_one(y, TRUE), holt = hw_one(y, FALSE),
    snaive = intervals(sn))))
}
# A non-seasonal series (annual flow of the Nile) for the models without season.
y <- Nile
models <- c(ANN = ets_one(y, "ANN", FALSE), AAN = ets_one(y, "AAN", FALSE), AAdN = ets_one(y, "AAN", TRUE))
auto <- ets(y, additive.only = TRUE)
out <- c(out, sprintf('"Nile":%s', obj(
  m = sc(1), y = num(y),
  ets = paste0("{", paste(sprintf('"%s":%s', names(models), models), collapse = ","), "}"),
  auto = obj(model = str1(auto$method), aicc = sc(auto$aicc)),
  holt = hw_one(y, FALSE))))

meta <- obj(source = str1(paste0("R ", R.version$major, ".", R.version$minor, ", forecast ",
  packageVersion("forecast"), "; data sets AirPassengers, USAccDeaths, ldeaths, Nile from R's datasets package")))
writeLines(paste0("{\"meta\":", meta, ",", paste(out, collapse = ","), "}"),
  "packages/core/test/fixtures/forecast/r-reference.json")
