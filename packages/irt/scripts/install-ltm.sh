#!/bin/sh
# Installs R's ltm (the reference for test/fixtures/ltm.json) into a local library, from its source.
# ltm is not packaged in Debian; its dependencies are (MASS ships with R):
#
#   apt-get install -y r-cran-msm r-cran-polycor
#   scripts/install-ltm.sh <ltm source: a directory or an ltm_*.tar.gz> [<library>]
#
# The source is the CRAN package ltm 1.2-0: a checkout of https://github.com/cran/ltm (CRAN's read-only
# mirror; `git archive HEAD | tar -x -C <dir>` of a bare copy works too) or the tarball
# https://cran.r-project.org/src/contrib/Archive/ltm/ltm_1.2-0.tar.gz. Only scripts/make-ltm-fixtures.R
# needs it (Rscript scripts/make-ltm-fixtures.R <library>); the tests read the committed JSON.
set -eu
if [ $# -lt 1 ]; then
  echo "usage: $0 <ltm source directory or tarball> [<library, default /tmp/ltm-lib>]" >&2
  exit 2
fi
source=$1
lib=${2:-/tmp/ltm-lib}
for dep in MASS msm polycor; do
  Rscript -e "if (!requireNamespace('$dep', quietly = TRUE)) quit(status = 1)" ||
    { echo "R package $dep is missing (apt-get install -y r-cran-msm r-cran-polycor)" >&2; exit 1; }
done
mkdir -p "$lib"
R CMD INSTALL -l "$lib" "$source"
Rscript -e ".libPaths(c('$lib', .libPaths())); cat('ltm', as.character(packageVersion('ltm')), 'in $lib\n')"
