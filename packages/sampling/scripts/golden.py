"""Reference values for @em/sampling's generator, computed independently of the TypeScript code.

Implements, from the published algorithms, with Python's exact integers:
  - SplitMix64 (Steele, Lea & Flood 2014; Vigna's splitmix64.c),
  - xoroshiro128+ with a=24, b=16, c=37 and its jump polynomial (Blackman & Vigna, xoroshiro128plus.c),
  - pure-rand's conversion of two 32-bit outputs (the low halves of two 64-bit outputs) to a double:
    (o1 & (2^26-1)) * 2^-26 + (o2 & (2^27-1)) * 2^-53,
  - @em/sampling's seeding (state = two SplitMix64 outputs of the seed) and fork (child seed = two
    32-bit outputs of the parent, high word first).

Run: python3 scripts/golden.py > test/fixtures/golden.json
"""
import json
import sys

M64 = (1 << 64) - 1


def splitmix64(state):
    state = (state + 0x9E3779B97F4A7C15) & M64
    z = state
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
    return state, z ^ (z >> 31)


def rotl(x, k):
    return ((x << k) | (x >> (64 - k))) & M64


class Xoroshiro128Plus:
    JUMP = (0xDF900294D8F554A5, 0x170865DF4B3201FC)

    def __init__(self, s0, s1):
        self.s0, self.s1 = s0, s1

    @classmethod
    def from_seed(cls, seed):
        state, s0 = splitmix64(seed & M64)
        _, s1 = splitmix64(state)
        return cls(s0, s1)

    def next64(self):
        s0, s1 = self.s0, self.s1
        result = (s0 + s1) & M64
        s1 ^= s0
        self.s0 = rotl(s0, 24) ^ s1 ^ ((s1 << 16) & M64)
        self.s1 = rotl(s1, 37)
        return result

    def next_int32(self):
        low = self.next64() & 0xFFFFFFFF
        return low - (1 << 32) if low >= (1 << 31) else low

    def next_double(self):
        a = self.next_int32() & ((1 << 26) - 1)
        b = self.next_int32() & ((1 << 27) - 1)
        return a * 2.0**-26 + b * 2.0**-53

    def jump(self):
        t0 = t1 = 0
        for word in self.JUMP:
            for bit in range(64):
                if word & (1 << bit):
                    t0 ^= self.s0
                    t1 ^= self.s1
                self.next64()
        self.s0, self.s1 = t0, t1

    def fork(self):
        high = self.next_int32() & 0xFFFFFFFF
        low = self.next_int32() & 0xFFFFFFFF
        return Xoroshiro128Plus.from_seed((high << 32) | low)

    def state_words(self):
        def i32(x):
            return x - (1 << 32) if x >= (1 << 31) else x

        return [i32(self.s0 >> 32), i32(self.s0 & 0xFFFFFFFF), i32(self.s1 >> 32), i32(self.s1 & 0xFFFFFFFF)]


def main():
    # Published SplitMix64 test vector (seed 1234567), to check this reference itself.
    state, splitmix = 1234567, []
    for _ in range(5):
        state, out = splitmix64(state)
        splitmix.append(str(out))
    assert splitmix == [
        "6457827717110365317",
        "3203168211198807973",
        "9817491932198370423",
        "4593380528125082431",
        "16408922859458223821",
    ], "SplitMix64 reference does not match the published test vector"

    seeds = {}
    for seed in [0, 1, 2, 42, 123456789, -1, 2**53 - 1]:
        g = Xoroshiro128Plus.from_seed(seed)
        entry = {"state": g.state_words()}
        entry["int32"] = [g.next_int32() for _ in range(5)]
        entry["doubles"] = [g.next_double() for _ in range(5)]
        seeds[str(seed)] = entry

    g = Xoroshiro128Plus.from_seed(42)
    g.jump()
    jump = {"seed": 42, "stateAfterJump": g.state_words(), "doubles": [g.next_double() for _ in range(3)]}

    parent = Xoroshiro128Plus.from_seed(42)
    child = parent.fork()
    fork = {
        "seed": 42,
        "child": [child.next_double() for _ in range(3)],
        "parentAfterFork": [parent.next_double() for _ in range(3)],
    }
    json.dump({"splitmix64Seed1234567": splitmix, "seeds": seeds, "jump": jump, "fork": fork}, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
