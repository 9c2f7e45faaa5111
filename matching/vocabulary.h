#ifndef RENFORT_MATCHING_VOCABULARY_H_
#define RENFORT_MATCHING_VOCABULARY_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "renfort/v1/common.pb.h"

namespace renfort::matching {

// Skills as bits: the index holds a volunteer's skills and a mission's required skills as a
// 64-bit set over the skills reference table. The mapping is fixed for the life of an engine:
// build it once from the reference table (storage reads it; matching does no I/O) and pass it
// in. Immutable after Create, so safe to share between threads.
class SkillVocabulary {
 public:
  static constexpr int kMaxSkills = 64;

  // `slugs` lists the reference skills; bit i stands for slugs[i]. INVALID_ARGUMENT when there
  // are more than kMaxSkills, a slug is empty or a slug repeats.
  static absl::StatusOr<SkillVocabulary> Create(std::vector<std::string> slugs);

  // The set of `slugs`. INVALID_ARGUMENT naming `field` and the slug when one is not in the
  // vocabulary (e.g. `volunteer.skills: unknown skill "plongee"`).
  absl::StatusOr<uint64_t> MaskOf(const google::protobuf::RepeatedPtrField<std::string>& slugs,
                                  absl::string_view field) const;

  // The slugs of the bits set in `mask`, in vocabulary order.
  std::vector<std::string> SlugsOf(uint64_t mask) const;

  int size() const { return static_cast<int>(slugs_.size()); }

 private:
  explicit SkillVocabulary(std::vector<std::string> slugs);

  std::vector<std::string> slugs_;
  absl::flat_hash_map<std::string, int> bit_of_;
};

// Domains as bits: bit (d - 1) for renfort.v1.Domain d (DOMAIN_HEALTH = 1 → bit 0), ten bits.
inline constexpr int kDomainCount = 10;

// The bit of `domain`, or 0 for DOMAIN_UNSPECIFIED and unknown values.
uint16_t DomainBit(renfort::v1::Domain domain);

// The set of `domains`; INVALID_ARGUMENT naming `field` for an unspecified or unknown value.
absl::StatusOr<uint16_t> DomainMaskOf(const google::protobuf::RepeatedField<int>& domains,
                                      absl::string_view field);

}  // namespace renfort::matching

#endif  // RENFORT_MATCHING_VOCABULARY_H_
