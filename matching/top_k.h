#ifndef RENFORT_MATCHING_TOP_K_H_
#define RENFORT_MATCHING_TOP_K_H_

#include <algorithm>
#include <cstdint>
#include <limits>
#include <vector>

#include "matching/uuid.h"

namespace renfort::matching {

// One scored candidate: a volunteer slot (RankVolunteers) or a mission slot
// (RecommendMissions).
struct ScoredCandidate {
  double score = 0;
  Uuid id;
  uint32_t slot = 0;
  double distance_km = std::numeric_limits<double>::quiet_NaN();  // NaN for remote
};

// "a ranks before b": higher score, then smaller id (the deterministic tie-break).
inline bool RanksBefore(const ScoredCandidate& a, const ScoredCandidate& b) {
  return a.score != b.score ? a.score > b.score : a.id < b.id;
}

// The k best candidates seen so far, without sorting everything: a binary heap whose top is
// the worst kept candidate. Not thread-safe (one per query).
class TopK {
 public:
  explicit TopK(int k) : k_(k) { heap_.reserve(k); }

  bool full() const { return static_cast<int>(heap_.size()) >= k_; }
  // The score a candidate must reach to possibly enter (ties then go by id); -inf until full.
  double threshold() const {
    return full() && k_ > 0 ? heap_.front().score : -std::numeric_limits<double>::infinity();
  }
  // Whether a candidate with this score and id would enter now.
  bool Accepts(double score, const Uuid& id) const {
    if (k_ <= 0) return false;
    if (!full()) return true;
    const ScoredCandidate& worst = heap_.front();
    return score != worst.score ? score > worst.score : id < worst.id;
  }
  void Push(const ScoredCandidate& candidate) {
    if (!Accepts(candidate.score, candidate.id)) return;
    if (full()) {
      std::pop_heap(heap_.begin(), heap_.end(), RanksBefore);
      heap_.back() = candidate;
    } else {
      heap_.push_back(candidate);
    }
    std::push_heap(heap_.begin(), heap_.end(), RanksBefore);
  }
  // The kept candidates, best first. Leaves this object empty.
  std::vector<ScoredCandidate> TakeSorted() {
    std::sort(heap_.begin(), heap_.end(), RanksBefore);
    return std::move(heap_);
  }

 private:
  int k_;
  std::vector<ScoredCandidate> heap_;
};

}  // namespace renfort::matching

#endif  // RENFORT_MATCHING_TOP_K_H_
