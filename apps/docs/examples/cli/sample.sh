em sample model.json -n 5 --seed 7
