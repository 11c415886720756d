em predict model.json new-points.csv
