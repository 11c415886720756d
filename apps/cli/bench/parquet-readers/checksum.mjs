/** Adds a block's values to an order-sensitive checksum: equal only for the same values in the same order. */
export function checksum(state, data, rows) {
  let { sum } = state;
  const start = state.rows * (data.length / rows);
  for (let i = 0; i < data.length; i++) sum += data[i] * (((start + i) % 1021) + 1);
  state.sum = sum;
  state.rows += rows;
}
