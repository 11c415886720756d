/** Help text of each command: what it does, its options, and examples that run as written. */

/** What writing to an output path does, by kind of path (src/io/output-target.ts). */
const OUTPUT_TARGETS = `A regular file is written to a temporary file renamed over it when complete, so it is never left
half-written. A symbolic link is followed: the file it points to is replaced, the link stays (a
dangling link is refused). A FIFO or a character device (a named pipe, /dev/stdout) is written
through as it is, never replaced by a file, without the all-or-nothing guarantee. A folder, a
block device or a socket is refused (exit 2).`;

export const HELP: Record<string, string> = {
  main: `em — Gaussian mixtures fitted by Expectation–Maximization, from the command line

Usage
  em [demo]                          the seed example: two normal processes, fitted and plotted
  em fit <file|-> [options]          fit a mixture to CSV, TSV or JSON data, choosing K by BIC
  em predict <model.json> <file|->   component and probabilities of each row
  em impute <model.json> <file|->    the data with its missing values filled in
  em sample <model.json> -n <count>  draw points from a fitted model
  em completion bash|zsh|fish        shell completion script (source <(em completion bash))
  em help <command>                  options and examples of a command

Options
  -h, --help      show help (also after a command: em fit --help)
  -V, --version   print the version
  --debug         show the stack trace of an error

Examples
  em
  em fit faithful.csv --components 1..9 --covariance all --plot faithful.svg --json model.json
  em predict model.json faithful.csv > labels.csv
  em sample model.json -n 1000 --seed 7

Components are numbered from 1 in everything em prints and writes (tables, plots, label files).
Exit codes: 0 success, 1 internal error, 2 bad usage or input, 130 interrupted (Ctrl-C).
`,
  completion: `em completion — shell completion for em

Prints a script that completes em's commands, options, option values (covariance types, formats,
…) and file names. Load it in the current shell, or save it where the shell looks for completions.

Usage
  em completion bash|zsh|fish

Examples
  source <(em completion bash)        # or save as ~/.local/share/bash-completion/completions/em
  source <(em completion zsh)         # or save as _em in a folder on $fpath
  em completion fish | source         # or save as ~/.config/fish/completions/em.fish
`,
  demo: `em demo — the seed example, end to end

Draws 4000 points from N(20, 5) and 8000 from N(40, 5) with a fixed seed, fits a two-component
Gaussian mixture by EM from a random initialisation, prints the fitted weights, means and
standard deviations beside the true ones, the predicted process of the first and last 80
points and the share classified correctly, and writes the histogram with the fitted density.

Usage
  em [demo] [options]

Options
  --seed <n>        seed of the draws and the initialisation (default 0)
  --plot <path>     where to write the SVG (default em-demo.svg in the current folder)
  --no-plot         write no file
  --format <f>      text (default) or json
  -h, --help        show this help

Examples
  em
  em demo --seed 7 --plot /tmp/demo.svg
  em demo --format json --no-plot
`,
  fit: `em fit — fit a Gaussian mixture to a data file

Reads numbers from CSV or TSV (streamed, with or without a header row) or from a JSON array of
numbers or of rows; '-' reads stdin. With a range of components (the default, 1..9) or several
covariance types, fits each combination, prints mclust's selection table and keeps the model with
the lowest criterion. Prints a summary on stdout; progress goes to stderr, on a terminal only.
Ctrl-C stops after the current iteration and reports the best model fitted so far, or the partial
result as not converged when none had finished.

Usage
  em fit <file|-> [options]

Model
  -k, --components <k>   a number (3), a range (1..9, the default, up to the number of rows)
                         or a list (2,3,5)
  -c, --covariance <t>   full (default), tied, diag, spherical, all, or a list (full,diag); mclust's
                         models EII … VVV (fitted as mclust: hc start, tol 1e-5, no reg-covar),
                         or mclust for all 14
  --criterion <c>        bic (default) or aic; lower is better (scikit-learn's sign)
  --init <m>             kmeans (default), k-means++, random or random_from_data
  --n-init <n>           initialisations per model; the best is kept (default 10)
  --max-iter <n>         EM iterations per initialisation (default 100)
  --tol <x>              stop when the mean log-likelihood changes by less (default 0.001)
  --reg-covar <x>        added to the covariance diagonals (default 1e-6)
  --seed <n>             seed of the initialisation (default 0: the same result every run)
  --missing <m>          error (default): an empty cell is an error; em: empty cells and NA are
                         missing values, and rows with them are fitted by EM for incomplete data
  --noise <f>            add mclust's noise component (uniform over the data's volume) to every model,
                         started from a guess: the fraction f of rows farthest from their 5th nearest
                         neighbour (0.05), or auto (nearest-neighbour cleaning, Byers & Raftery 1998);
                         noise is label 0 in --labels and em predict, counted last in the summary
  --bayesian             fit one variational Bayesian mixture (BayesianGaussianMixture) instead of
                         a BIC grid: --components is then the most components to allow (default
                         10; those with a weight above 1 % are reported), --covariance one type,
                         --max-iter defaults to 1000 and --n-init to 1
  --prior <p>            default: mclust's conjugate prior (priorControl()), MAP estimates for its
                         models with a prior (--covariance mclust, the default then, keeps EII, VII,
                         EEI, VEI, EVI, VVI, EEE, EEV, VEV, VVV as mclust does); with --bayesian:
                         dirichlet_process (default) or dirichlet_distribution
  --stream               fit one model (one -k, one -c) by out-of-core EM: the file is read once per
                         iteration in bounded memory, whatever its size; a progress line per pass with
                         its ETA; --n-init defaults to 1 (each restart costs a pass per iteration);
                         not with stdin, --columns, --labels, --plot, --selection-plot, --missing
  --float64-columns <n>  the file holds raw little-endian float64 rows of n values (implies --stream)
                         A .parquet file is always streamed (every column read as a number)
  --parquet-reader <r>   auto (default: DuckDB when @duckdb/node-api is installed, several times
                         faster, otherwise hyparquet, pure JavaScript), duckdb or hyparquet

Input
  --columns <list>       columns to use, by name or 1-based index: waiting,eruptions or 2,3 or 2..4
  -d, --delimiter <c>    field delimiter: , ; | tab ... (default: from the extension or first line)
  --header, --no-header  whether the first row holds names (default: it does if it has a non-number)

Output
  --json <path>          the fitted model as JSON (with the column names), for em predict / em sample
                         or GaussianMixture.fromJSON
  --labels <path>        CSV: the component of each row (label, from 1) and the probability of each (p1, p2, …)
  --plot <path>          SVG: histogram and density (1 column), scatter and ellipses (2), scatter matrix (3+)
  --selection-plot <path> SVG: the criterion against K, a line per covariance type
  --format <f>           text (default) or json, for the summary on stdout
  --progress, --no-progress  force the progress bar on stderr on or off (default: on a terminal,
                         once a fit has run for a second)
  --timing               print load and fit times and peak memory on stderr
  -h, --help             show this help

Files are written only when complete (never partially), after the fit.
${OUTPUT_TARGETS}

Examples
  em fit faithful.csv --components 1..9 --covariance all
  em fit faithful.csv -k 3 -c tied --json model.json --labels labels.csv --plot faithful.svg
  em fit data.tsv --columns 2,3 --no-header --n-init 5 --seed 42
  em fit big.csv --stream -k 5 -c full --json model.json
  cat data.csv | em fit - -k 2 --format json
  em fit faithful.csv --bayesian --components 10
  em fit faithful.csv -k 1..4 --covariance mclust --noise 0.05 --labels labels.csv
`,
  predict: `em predict — the component of each row under a fitted model

Prints CSV on stdout: label (the most probable component, numbered from 1) and p1, p2, … (the
posterior probability of each component), one line per data row, as em fit --labels does. When the
file has a header holding the columns the model was fitted on, those columns are used.

Usage
  em predict <model.json> <file|-> [options]

Options
  --columns, -d/--delimiter, --header, --no-header   as for em fit
  -o, --output <path>    write to a file instead of stdout (only when complete; a symbolic link,
                         FIFO or device: see below)
  --format <f>           csv (default) or json ({"labels": [...], "probabilities": [[...], ...]})
  -h, --help             show this help

${OUTPUT_TARGETS}

Examples
  em fit faithful.csv -k 3 -c tied --json model.json
  em predict model.json faithful.csv > labels.csv
  em predict model.json new-points.csv --format json -o predictions.json
`,
  impute: `em impute — fill in the missing values of a data file under a fitted model

Prints CSV on stdout: the header and every row, each missing value (an empty cell or NA) replaced
by its conditional expectation given the row's observed values under the model (the regression
within each component, mixed by the row's component probabilities). Observed values are kept.

Usage
  em impute <model.json> <file|-> [options]

Options
  --columns, -d/--delimiter, --header, --no-header   as for em fit
  -o, --output <path>    write to a file instead of stdout (only when complete; a symbolic link,
                         FIFO or device: see below)
  -h, --help             show this help

${OUTPUT_TARGETS}

Examples
  em fit survey.csv -k 3 --missing em --json model.json
  em impute model.json survey.csv > survey-completed.csv
`,
  sample: `em sample — draw points from a fitted model

Prints CSV on stdout: a column per feature, named as in the data the model was fitted on (x1, x2, …
for models saved without names), and the component each point was drawn from (label, from 1). As
in scikit-learn, points come grouped by component.

Usage
  em sample <model.json> -n <count> [options]

Options
  -n <count>             how many points (required)
  --seed <n>             seed of the draws (default: the seed the model was fitted with)
  --no-labels            leave out the label column
  -o, --output <path>    write to a file instead of stdout (only when complete; a symbolic link,
                         FIFO or device: see below)
  --format <f>           csv (default) or json ({"X": [[...], ...], "labels": [...]})
  -h, --help             show this help

${OUTPUT_TARGETS}

Examples
  em sample model.json -n 1000
  em sample model.json -n 500 --seed 7 --no-labels -o synthetic.csv
`,
};
