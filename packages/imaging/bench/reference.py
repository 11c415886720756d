"""Reference timings for bench/run.mjs (same machine, same run): scikit-image's filtered
back-projection and Radon transform of the bench sinogram/phantom, and scikit-learn's
GaussianMixture on the bench's 1-megapixel image (fit on the same 20 000-pixel sample size, then
predict every pixel). Reads the bench's data file, prints JSON. OPENBLAS_NUM_THREADS=1."""
import json
import sys
import time

import numpy as np
from skimage.transform import iradon, radon
from sklearn.mixture import GaussianMixture

spec = json.load(open(sys.argv[1]))
n, n_angles = spec["size"], spec["nAngles"]
theta = np.linspace(0, 180, n_angles, endpoint=False)
sinogram = np.array(spec["sinogram"]).reshape(n_angles, n).T
phantom = np.array(spec["phantom"]).reshape(n, n)


def best(f, repeat):
    f()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        f()
        times.append(time.perf_counter() - start)
    return 1000 * min(times)


out = {
    "iradonMs": best(lambda: iradon(sinogram, theta=theta, circle=True, filter_name="ramp"), 3),
    "radonMs": best(lambda: radon(phantom, theta=theta, circle=True), 3),
}
pixels = np.fromfile(spec["imagePath"], dtype=np.uint8).reshape(-1, 3).astype(np.float64)
rng = np.random.default_rng(0)
sample = pixels[rng.choice(len(pixels), size=20000, replace=False)]


def segment():
    gm = GaussianMixture(n_components=4, covariance_type="full", random_state=0, max_iter=200, reg_covar=0.01)
    gm.fit(sample)
    gm.predict(pixels)


out["gmmSegmentMs"] = best(segment, 2)
print(json.dumps(out))
