em fit faithful.csv --components 1..9 --covariance all --n-init 10 \
  --json model.json
