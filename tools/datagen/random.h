#ifndef RENFORT_TOOLS_DATAGEN_RANDOM_H_
#define RENFORT_TOOLS_DATAGEN_RANDOM_H_

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

namespace renfort::datagen {

// SplitMix64: a tiny, fast generator whose output depends only on its seed, identical on every
// platform and standard library (std::uniform_int_distribution is not), so a seed names one
// data set everywhere.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  // The generator of item `index` of `stream` under `seed`: each volunteer or mission gets its
  // own, so item i is the same whether or not the items before it were generated.
  static Rng For(uint64_t seed, uint64_t stream, uint64_t index) {
    Rng mixer(seed ^ (stream * 0x9E3779B97F4A7C15ULL));
    const uint64_t base = mixer.Next();
    return Rng(base ^ (index * 0xD1B54A32D192ED03ULL + 0x8CB92BA72F3D8DD7ULL));
  }

  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, 1).
  double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  // Uniform integer in [low, high].
  int64_t Between(int64_t low, int64_t high) {
    return low + static_cast<int64_t>(Next() % static_cast<uint64_t>(high - low + 1));
  }
  bool Chance(double probability) { return Uniform() < probability; }
  // Exponentially distributed with the given mean.
  double Exponential(double mean) { return -mean * std::log1p(-Uniform()); }

 private:
  uint64_t state_;
};

// A discrete distribution given by weights, sampled by binary search over the cumulative sums.
class Weighted {
 public:
  Weighted() = default;
  explicit Weighted(const std::vector<double>& weights) {
    cumulative_.reserve(weights.size());
    double total = 0;
    for (double w : weights) cumulative_.push_back(total += w);
  }
  // Zipf-like weights 1 / (rank + 1)^exponent for `count` ranks: how interests and skills are
  // spread on real volunteering platforms (a few very common, a long tail of rare ones).
  static Weighted Zipf(int count, double exponent) {
    std::vector<double> weights;
    for (int rank = 0; rank < count; ++rank) weights.push_back(1.0 / std::pow(rank + 1, exponent));
    return Weighted(weights);
  }
  size_t Sample(Rng& rng) const {
    const double target = rng.Uniform() * cumulative_.back();
    auto it = std::upper_bound(cumulative_.begin(), cumulative_.end(), target);
    return std::min<size_t>(it - cumulative_.begin(), cumulative_.size() - 1);
  }
  size_t size() const { return cumulative_.size(); }

 private:
  std::vector<double> cumulative_;
};

}  // namespace renfort::datagen

#endif  // RENFORT_TOOLS_DATAGEN_RANDOM_H_
